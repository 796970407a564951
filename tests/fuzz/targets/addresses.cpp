// Where a request comes from (X-Forwarded-For behind trusted proxies), the rate an operator
// configures, clamd's answers, and the base32 of a TOTP secret.
#include "FuzzSupport.h"
#include "accounts/Totp.h"
#include "core/RateSpec.h"
#include "http/ClientAddress.h"
#include "scanning/ClamdClient.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view text = fuzz::bytes_of(data, size);
  static const http::TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  http::Headers headers;
  headers.add("X-Forwarded-For", std::string(text));
  const std::string client = proxies.client_address("127.0.0.1", headers);
  fuzz::require(client == "127.0.0.1" || http::parse_ip(client).has_value());
  (void)http::address_rate_key(text);
  if (auto rate = parse_rate_spec(text)) fuzz::require(rate->off() || (rate->count > 0 && rate->period_ms > 0));
  const auto reply = scanning::parse_clamd_reply(text);
  for (char c : reply.signature) fuzz::require(c > 0x20 && c < 0x7f);
  if (auto decoded = accounts::base32_decode(text)) {
    fuzz::require(accounts::base32_decode(accounts::base32_encode(*decoded)) == *decoded);
  }
  return 0;
}

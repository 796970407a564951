// An access token as it arrives in Authorization or the cookie: only a token this server
// signed verifies; nothing else crashes or verifies.
#include "FuzzSupport.h"
#include "accounts/TokenSigner.h"
#include "core/Clock.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  static ManualClock clock(1'800'000'000'000);
  static accounts::TokenSigner signer("fuzz-secret-0123456789abcdef0123456789", 900, clock);
  const std::string token(fuzz::bytes_of(data, size));
  fuzz::refusal_is_fine([&] {
    if (auto claims = signer.verify(token)) {
      // Only if the fuzzer forged an HMAC: then the token must at least be what we would sign.
      fuzz::require(signer.sign(claims->principal, claims->session_id).size() > 0);
    }
  });
  return 0;
}

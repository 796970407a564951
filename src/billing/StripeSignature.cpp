#include "billing/StripeSignature.h"

#include <charconv>

#include "core/Crypto.h"

namespace marquee::billing {
namespace {

constexpr std::size_t kMaxSignatures = 16;

std::string expected_v1(std::int64_t timestamp, std::string_view body, const std::string& secret) {
  std::string signed_payload = std::to_string(timestamp);
  signed_payload += '.';
  signed_payload.append(body);
  return crypto::to_hex(crypto::hmac_sha256(secret, signed_payload));
}

}  // namespace

std::optional<StripeSignatureHeader> parse_stripe_signature(std::string_view header) {
  if (header.size() > 4096) return std::nullopt;
  StripeSignatureHeader parsed;
  bool has_time = false;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    const auto equals = item.find('=');
    if (equals != std::string_view::npos) {
      const std::string_view key = item.substr(0, equals);
      const std::string_view value = item.substr(equals + 1);
      if (key == "t") {
        std::int64_t t = 0;
        const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
        if (ec != std::errc() || ptr != value.data() + value.size() || t <= 0 || has_time) return std::nullopt;
        parsed.timestamp = t;
        has_time = true;
      } else if (key == "v1" && value.size() == 64 && parsed.v1.size() < kMaxSignatures) {
        parsed.v1.emplace_back(value);
      }
    }
    start = end + 1;
  }
  if (!has_time || parsed.v1.empty()) return std::nullopt;
  return parsed;
}

std::string_view signature_check_name(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::valid: return "valid";
    case SignatureCheck::malformed: return "malformed";
    case SignatureCheck::no_match: return "no_match";
    case SignatureCheck::outside_tolerance: return "outside_tolerance";
  }
  return "malformed";
}

SignatureCheck verify_stripe_signature(std::string_view header, std::string_view body,
                                       const std::vector<std::string>& secrets, std::int64_t now_s,
                                       std::int64_t tolerance_s) {
  const auto parsed = parse_stripe_signature(header);
  if (!parsed) return SignatureCheck::malformed;
  bool matched = false;
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    const std::string expected = expected_v1(parsed->timestamp, body, secret);
    for (const auto& candidate : parsed->v1) matched = crypto::constant_time_equal(candidate, expected) || matched;
  }
  if (!matched) return SignatureCheck::no_match;
  const std::int64_t skew = now_s - parsed->timestamp;
  if (skew > tolerance_s || skew < -tolerance_s) return SignatureCheck::outside_tolerance;
  return SignatureCheck::valid;
}

std::string stripe_signature_for(std::string_view body, const std::string& secret, std::int64_t timestamp) {
  return "t=" + std::to_string(timestamp) + ",v1=" + expected_v1(timestamp, body, secret);
}

}  // namespace marquee::billing

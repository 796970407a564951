#pragma once
// Time-based one-time passwords (RFC 6238 over HOTP, RFC 4226) as authenticator apps compute
// them: HMAC-SHA1, 30-second steps, 6 digits. Secrets travel in base32 (RFC 4648 §6) inside an
// otpauth:// URI (the Key Uri Format authenticator apps read from a QR code).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::accounts {

inline constexpr std::int64_t kTotpStepSeconds = 30;

// The code of time step `step` (unix seconds / 30) for `secret` (raw bytes), `digits` long.
std::string totp_code(std::string_view secret, std::int64_t step, int digits = 6);

// The step at which `code` is valid within `window` steps either side of `now_step`, or
// nullopt. Compares every candidate in constant time.
std::optional<std::int64_t> totp_matching_step(std::string_view secret, std::string_view code, std::int64_t now_step,
                                               int window = 1);

std::string base32_encode(std::string_view bytes);  // upper case, no padding
// Accepts either case, ignores spaces and padding; nullopt on any other character.
std::optional<std::string> base32_decode(std::string_view text);

// otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace marquee::accounts

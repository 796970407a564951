#pragma once
// Small, allocation-friendly wrappers over OpenSSL for the primitives Marquee signs and
// hashes with. Everything returns bytes as std::string; hex and base64url are explicit.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::crypto {

// Cryptographically secure random bytes (OpenSSL RAND_bytes). Throws on RNG failure.
std::string random_bytes(std::size_t n);

std::string sha256(std::string_view data);
std::string sha1(std::string_view data);
// MD5, only where a protocol asks for it as a transfer checksum (S3's Content-MD5 and ETag).
std::string md5(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
// Only where a protocol fixes it: TOTP (RFC 6238) as every authenticator app computes it.
std::string hmac_sha1(std::string_view key, std::string_view data);

std::string to_hex(std::string_view bytes);

// RFC 4648 §5 base64url without padding (JWT, ids, signed URLs).
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);
// Standard base64 with padding (tus checksums, HTTP headers).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// Compares in time independent of where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace marquee::crypto

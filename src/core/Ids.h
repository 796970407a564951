#pragma once
// Public identifiers: URL-safe random strings. Unlisted videos are "secret by URL", so an
// id carries 72 bits of entropy (12 base64url characters) and is never sequential.
#include <string>
#include <string_view>

namespace marquee {

std::string new_public_id();
// An opaque secret (refresh tokens, upload tickets): 256 bits, base64url.
std::string new_secret_token();
// True when `id` has the shape new_public_id() produces; cheap rejection of junk input.
bool looks_like_public_id(std::string_view id);

}  // namespace marquee

#include "core/Ids.h"

#include "core/Crypto.h"

namespace marquee {

std::string new_public_id() { return crypto::base64url_encode(crypto::random_bytes(9)); }

std::string new_secret_token() { return crypto::base64url_encode(crypto::random_bytes(32)); }

bool looks_like_public_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace marquee

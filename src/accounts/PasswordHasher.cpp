#include "accounts/PasswordHasher.h"

#include <sodium.h>

#include <stdexcept>

#include "core/Error.h"

namespace marquee::accounts {

PasswordHasher::PasswordHasher(std::int64_t ops, std::int64_t mem_kib)
    : ops_(static_cast<unsigned long long>(ops)), mem_bytes_(static_cast<std::size_t>(mem_kib) * 1024) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (ops_ < crypto_pwhash_OPSLIMIT_MIN) ops_ = crypto_pwhash_OPSLIMIT_MIN;
  if (mem_bytes_ < crypto_pwhash_MEMLIMIT_MIN) mem_bytes_ = crypto_pwhash_MEMLIMIT_MIN;
  dummy_hash_ = hash("marquee-dummy-password-for-timing");
}

std::string PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_, mem_bytes_, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error(ErrorCode::unavailable, "out of memory while hashing a password");
  }
  return out;
}

bool PasswordHasher::verify(std::string_view password, const std::string& stored_hash) const {
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::verify_dummy(std::string_view password) const { (void)verify(password, dummy_hash_); }

}  // namespace marquee::accounts

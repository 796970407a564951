#pragma once
// argon2id password hashing (libsodium). Hashes are self-describing strings ($argon2id$…)
// so the cost can rise later without invalidating stored hashes.
#include <cstdint>
#include <string>
#include <string_view>

namespace marquee::accounts {

class PasswordHasher {
 public:
  // ops: passes; mem_kib: memory in KiB. Throws when libsodium cannot start.
  PasswordHasher(std::int64_t ops, std::int64_t mem_kib);

  std::string hash(std::string_view password) const;
  bool verify(std::string_view password, const std::string& stored_hash) const;
  // Burns the same time as verify() of a real hash; used when the account does not exist,
  // so login failures take the same time either way.
  void verify_dummy(std::string_view password) const;

 private:
  unsigned long long ops_;
  std::size_t mem_bytes_;
  std::string dummy_hash_;
};

}  // namespace marquee::accounts

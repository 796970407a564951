#include "support/SessionFixtures.h"

#include "core/Crypto.h"
#include "core/Ids.h"
#include "core/Text.h"

namespace marquee::testing {

std::vector<std::string> insert_signed_in_users(db::Database& db, const accounts::TokenSigner& signer,
                                                const std::vector<accounts::Principal>& people) {
  std::vector<std::string> sessions;
  db.write([&](db::Connection& c) {
    for (const auto& p : people) {
      c.exec(
          "INSERT INTO users (id, email, username, username_key, password_hash, role, is_premium, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, 'x', ?, ?, 0, 0) ON CONFLICT DO NOTHING",
          {p.user_id, p.user_id + "@example.com", p.username, text::lower_ascii(p.username),
           std::string(accounts::role_name(p.role)), std::int64_t{p.is_premium}});
      sessions.push_back(new_public_id());
      c.exec(
          "INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) "
          "VALUES (?, ?, ?, 0, ?)",
          {crypto::to_hex(crypto::sha256(new_public_id())), sessions.back(), p.user_id, std::int64_t{1} << 50});
    }
  });
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < people.size(); ++i) tokens.push_back(signer.sign(people[i], sessions[i]));
  return tokens;
}

std::string insert_signed_in_user(db::Database& db, const accounts::TokenSigner& signer,
                                  const accounts::Principal& who) {
  return insert_signed_in_users(db, signer, {who}).front();
}

}  // namespace marquee::testing

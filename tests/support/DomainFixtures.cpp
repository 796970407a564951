#include "support/DomainFixtures.h"

#include <gtest/gtest.h>

#include <atomic>

#include "core/Text.h"

namespace marquee::testing {

Error error_from(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an error, got none";
  return Error(ErrorCode::internal, "no error");
}

std::string field_of(const Error& e) {
  auto it = e.details().find("field");
  return it == e.details().end() ? "" : it->second;
}

std::string repeat(const std::string& piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

accounts::Principal insert_user(db::Database& db, const std::string& username, accounts::Role role) {
  static std::atomic<int> next{0};
  std::string id = "u" + std::to_string(++next);
  id += std::string(id.size() < 12 ? 12 - id.size() : 0, 'x');  // the length of generated ids
  accounts::Principal principal{id, username, role, false};
  db.execute(
      "INSERT INTO users (id, email, username, username_key, password_hash, role, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, 'x', ?, 0, 0)",
      {id, username + "@example.com", username, text::lower_ascii(username), std::string(accounts::role_name(role))});
  return principal;
}

}  // namespace marquee::testing

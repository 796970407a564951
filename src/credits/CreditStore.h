#pragma once
// The SQL of the credit ledger. Entries are only ever inserted; a balance is their sum.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/TimeCursor.h"
#include "credits/CreditEntry.h"
#include "db/Database.h"

namespace marquee::credits {

class CreditStore {
 public:
  explicit CreditStore(db::Database& db) : db_(db) {}

  db::Database& database() { return db_; }
  // Holds the account's ledger until the transaction ends (PostgreSQL: the account's row,
  // SELECT … FOR UPDATE; SQLite's single writer holds everything already), so a
  // balance read after it stays true until the commit. False when the account is gone.
  bool lock_account(db::Connection& c, const std::string& user_id);
  std::int64_t balance(db::Connection& c, const std::string& user_id);
  // False, and nothing written, when an entry of the same account, kind and reference exists.
  bool insert(db::Connection& c, const CreditEntry& entry);
  bool has_entry(db::Connection& c, const std::string& user_id, CreditKind kind, const std::string& reference);
  std::vector<CreditEntry> list(const std::string& user_id, const std::optional<TimeCursor>& after, int limit);

 private:
  db::Database& db_;
};

}  // namespace marquee::credits

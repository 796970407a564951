#include "credits/CreditStore.h"

namespace marquee::credits {
namespace {

CreditEntry entry_from(const db::Row& row) {
  CreditEntry entry;
  entry.id = row.str("id");
  entry.user_id = row.str("user_id");
  entry.amount = row.i64("amount");
  entry.kind = parse_credit_kind(row.str("kind")).value_or(CreditKind::grant);
  entry.reference = row.str("reference");
  entry.created_at = row.i64("created_at");
  return entry;
}

}  // namespace

bool CreditStore::lock_account(db::Connection& c, const std::string& user_id) {
  const std::string sql = db_.dialect() == db::Dialect::postgres ? "SELECT id FROM users WHERE id = ? FOR UPDATE"
                                                                 : "SELECT id FROM users WHERE id = ?";
  return !c.exec(sql, {user_id}).empty();
}

std::int64_t CreditStore::balance(db::Connection& c, const std::string& user_id) {
  return c.exec("SELECT COALESCE(SUM(amount), 0) AS balance FROM credit_transactions WHERE user_id = ?", {user_id})
      .front()
      .i64("balance");
}

bool CreditStore::insert(db::Connection& c, const CreditEntry& entry) {
  // ON CONFLICT DO NOTHING: a second entry of one kind for one reference is a no-op, not an
  // error (a webhook delivered twice, a refund asked for twice).
  return c.exec("INSERT INTO credit_transactions (id, user_id, amount, kind, reference, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {entry.id, entry.user_id, entry.amount, std::string(credit_kind_name(entry.kind)),
                 db::null_if_empty(entry.reference), entry.created_at})
             .affected_rows() == 1;
}

bool CreditStore::has_entry(db::Connection& c, const std::string& user_id, CreditKind kind,
                            const std::string& reference) {
  return !c.exec("SELECT 1 FROM credit_transactions WHERE user_id = ? AND kind = ? AND reference = ?",
                 {user_id, std::string(credit_kind_name(kind)), reference})
              .empty();
}

std::vector<CreditEntry> CreditStore::list(const std::string& user_id, const std::optional<TimeCursor>& after,
                                           int limit) {
  std::string sql = "SELECT id, user_id, amount, kind, reference, created_at FROM credit_transactions WHERE user_id = ?";
  std::vector<db::Value> params{user_id};
  if (after) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.insert(params.end(), {after->at, after->at, after->id});
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  std::vector<CreditEntry> entries;
  for (auto row : db_.query(sql, params)) entries.push_back(entry_from(row));
  return entries;
}

}  // namespace marquee::credits

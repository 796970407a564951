#include "billing/BillingStore.h"

namespace marquee::billing {
namespace {

constexpr const char* kPackColumns = "id, name, credits, amount_cents, currency, active, created_at, updated_at";
constexpr const char* kPaymentColumns =
    "id, user_id, pack_id, provider, session_id, payment_intent, credits, amount_cents, currency, credits_reversed, "
    "status, created_at, updated_at";

CreditPack pack_from(const db::Row& row) {
  CreditPack p;
  p.id = row.str("id");
  p.name = row.str("name");
  p.credits = row.i64("credits");
  p.amount_cents = row.i64("amount_cents");
  p.currency = row.str("currency");
  p.active = row.boolean("active");
  p.created_at = row.i64("created_at");
  p.updated_at = row.i64("updated_at");
  return p;
}

Payment payment_from(const db::Row& row) {
  Payment p;
  p.id = row.str("id");
  p.user_id = row.str("user_id");
  p.pack_id = row.str("pack_id");
  p.provider = row.str("provider");
  p.session_id = row.str("session_id");
  p.payment_intent = row.str("payment_intent");
  p.credits = row.i64("credits");
  p.amount_cents = row.i64("amount_cents");
  p.currency = row.str("currency");
  p.credits_reversed = row.i64("credits_reversed");
  p.status = parse_payment_status(row.str("status")).value_or(PaymentStatus::pending);
  p.created_at = row.i64("created_at");
  p.updated_at = row.i64("updated_at");
  return p;
}

std::optional<Payment> first_payment(const db::Result& rows) {
  if (rows.empty()) return std::nullopt;
  return payment_from(rows.front());
}

std::string status_text(PaymentStatus status) { return std::string(payment_status_name(status)); }

}  // namespace

std::string_view payment_status_name(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::pending: return "pending";
    case PaymentStatus::paid: return "paid";
    case PaymentStatus::refunded: return "refunded";
    case PaymentStatus::disputed: return "disputed";
  }
  return "pending";
}

std::optional<PaymentStatus> parse_payment_status(std::string_view name) {
  for (auto s : {PaymentStatus::pending, PaymentStatus::paid, PaymentStatus::refunded, PaymentStatus::disputed}) {
    if (payment_status_name(s) == name) return s;
  }
  return std::nullopt;
}

std::vector<CreditPack> BillingStore::packs(bool active_only) {
  std::vector<CreditPack> out;
  const std::string sql = std::string("SELECT ") + kPackColumns + " FROM credit_packs" +
                          (active_only ? " WHERE active = 1" : "") + " ORDER BY amount_cents, id";
  for (auto row : db_.query(sql)) out.push_back(pack_from(row));
  return out;
}

std::optional<CreditPack> BillingStore::pack(const std::string& id) {
  auto rows = db_.query(std::string("SELECT ") + kPackColumns + " FROM credit_packs WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return pack_from(rows.front());
}

std::optional<CreditPack> BillingStore::pack(db::Connection& c, const std::string& id) {
  auto rows = c.exec(std::string("SELECT ") + kPackColumns + " FROM credit_packs WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return pack_from(rows.front());
}

void BillingStore::insert_pack(const CreditPack& p) {
  db_.execute("INSERT INTO credit_packs (id, name, credits, amount_cents, currency, active, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {p.id, p.name, p.credits, p.amount_cents, p.currency, std::int64_t{p.active ? 1 : 0}, p.created_at,
               p.updated_at});
}

bool BillingStore::update_pack(const CreditPack& p) {
  return db_.execute("UPDATE credit_packs SET name = ?, credits = ?, amount_cents = ?, currency = ?, active = ?, "
                     "updated_at = ? WHERE id = ?",
                     {p.name, p.credits, p.amount_cents, p.currency, std::int64_t{p.active ? 1 : 0}, p.updated_at, p.id})
             .affected_rows() == 1;
}

void BillingStore::insert_payment(const Payment& p) {
  db_.write([&](db::Connection& c) { insert_payment(c, p); });
}

void BillingStore::insert_payment(db::Connection& c, const Payment& p) {
  c.exec(std::string("INSERT INTO payments (") + kPaymentColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {p.id, p.user_id, p.pack_id, p.provider, db::null_if_empty(p.session_id), db::null_if_empty(p.payment_intent),
          p.credits, p.amount_cents, p.currency, p.credits_reversed, status_text(p.status), p.created_at, p.updated_at});
}

bool BillingStore::set_session(const std::string& payment_id, const std::string& session_id, Millis now) {
  return db_.execute("UPDATE payments SET session_id = ?, updated_at = ? WHERE id = ?", {session_id, now, payment_id})
             .affected_rows() == 1;
}

void BillingStore::remove_payment(const std::string& payment_id) {
  db_.execute("DELETE FROM payments WHERE id = ? AND status = 'pending'", {payment_id});
}

std::optional<Payment> BillingStore::payment(db::Connection& c, const std::string& id) {
  return first_payment(c.exec(std::string("SELECT ") + kPaymentColumns + " FROM payments WHERE id = ?", {id}));
}

std::optional<Payment> BillingStore::payment_by_session(db::Connection& c, const std::string& session_id) {
  return first_payment(c.exec(std::string("SELECT ") + kPaymentColumns + " FROM payments WHERE session_id = ?", {session_id}));
}

std::optional<Payment> BillingStore::payment_by_intent(db::Connection& c, const std::string& payment_intent) {
  return first_payment(
      c.exec(std::string("SELECT ") + kPaymentColumns + " FROM payments WHERE payment_intent = ?", {payment_intent}));
}

std::vector<Payment> BillingStore::payments_of(const std::string& user_id, int limit) {
  std::vector<Payment> out;
  for (auto row : db_.query(std::string("SELECT ") + kPaymentColumns +
                                " FROM payments WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                            {user_id, std::int64_t{limit}})) {
    out.push_back(payment_from(row));
  }
  return out;
}

std::optional<Payment> BillingStore::payment_of(const std::string& user_id, const std::string& payment_id) {
  return first_payment(db_.query(std::string("SELECT ") + kPaymentColumns + " FROM payments WHERE id = ? AND user_id = ?",
                                 {payment_id, user_id}));
}

void BillingStore::mark_paid(db::Connection& c, const std::string& payment_id, const std::string& session_id,
                             const std::string& payment_intent, Millis now) {
  // Only a pending payment turns paid: a late or repeated event never undoes a refund or dispute.
  c.exec("UPDATE payments SET session_id = COALESCE(session_id, ?), payment_intent = COALESCE(payment_intent, ?), "
         "updated_at = ? WHERE id = ?",
         {db::null_if_empty(session_id), db::null_if_empty(payment_intent), now, payment_id});
  c.exec("UPDATE payments SET status = ? WHERE id = ? AND status = ?",
         {status_text(PaymentStatus::paid), payment_id, status_text(PaymentStatus::pending)});
}

void BillingStore::set_reversal(db::Connection& c, const std::string& payment_id, std::int64_t credits_reversed,
                                PaymentStatus status, Millis now) {
  c.exec("UPDATE payments SET credits_reversed = ?, status = ?, updated_at = ? WHERE id = ?",
         {credits_reversed, status_text(status), now, payment_id});
}

bool BillingStore::has_event(db::Connection& c, const std::string& event_id) {
  return !c.exec("SELECT 1 FROM billing_events WHERE id = ?", {event_id}).empty();
}

void BillingStore::record_event(db::Connection& c, const std::string& event_id, const std::string& type,
                                const std::string& payment_id, Millis now) {
  c.exec("INSERT INTO billing_events (id, type, payment_id, received_at) VALUES (?, ?, ?, ?)",
         {event_id, type, db::null_if_empty(payment_id), now});
}

}  // namespace marquee::billing

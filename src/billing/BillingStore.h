#pragma once
// The SQL of credit packs, payments and the provider events applied.
#include <optional>
#include <string>
#include <vector>

#include "billing/Billing.h"
#include "db/Database.h"

namespace marquee::billing {

class BillingStore {
 public:
  explicit BillingStore(db::Database& db) : db_(db) {}

  std::vector<CreditPack> packs(bool active_only);
  std::optional<CreditPack> pack(const std::string& id);
  std::optional<CreditPack> pack(db::Connection& c, const std::string& id);
  void insert_pack(const CreditPack& pack);
  bool update_pack(const CreditPack& pack);

  void insert_payment(const Payment& payment);
  void insert_payment(db::Connection& c, const Payment& payment);
  bool set_session(const std::string& payment_id, const std::string& session_id, Millis now);
  void remove_payment(const std::string& payment_id);
  std::optional<Payment> payment(db::Connection& c, const std::string& id);
  std::optional<Payment> payment_by_session(db::Connection& c, const std::string& session_id);
  std::optional<Payment> payment_by_intent(db::Connection& c, const std::string& payment_intent);
  std::vector<Payment> payments_of(const std::string& user_id, int limit);
  std::optional<Payment> payment_of(const std::string& user_id, const std::string& payment_id);
  void mark_paid(db::Connection& c, const std::string& payment_id, const std::string& session_id,
                 const std::string& payment_intent, Millis now);
  void set_reversal(db::Connection& c, const std::string& payment_id, std::int64_t credits_reversed,
                    PaymentStatus status, Millis now);

  // False when the event was applied before.
  bool has_event(db::Connection& c, const std::string& event_id);
  void record_event(db::Connection& c, const std::string& event_id, const std::string& type,
                    const std::string& payment_id, Millis now);

 private:
  db::Database& db_;
};

}  // namespace marquee::billing

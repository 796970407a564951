#pragma once
// The records of billing (docs/billing.md): the credit packs an admin sells, and payments.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::billing {

struct CreditPack {
  std::string id;
  std::string name;
  std::int64_t credits = 0;
  std::int64_t amount_cents = 0;
  std::string currency = "usd";
  bool active = true;
  Millis created_at = 0;
  Millis updated_at = 0;
};

enum class PaymentStatus { pending, paid, refunded, disputed };
std::string_view payment_status_name(PaymentStatus status);
std::optional<PaymentStatus> parse_payment_status(std::string_view name);

struct Payment {
  std::string id;
  std::string user_id;
  std::string pack_id;
  std::string provider;
  std::string session_id;
  std::string payment_intent;
  std::int64_t credits = 0;
  std::int64_t amount_cents = 0;
  std::string currency;
  std::int64_t credits_reversed = 0;
  PaymentStatus status = PaymentStatus::pending;
  Millis created_at = 0;
  Millis updated_at = 0;
};

}  // namespace marquee::billing

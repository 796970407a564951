#include "billing/BillingService.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "billing/StripeSignature.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/Text.h"
#include "core/UserText.h"

namespace marquee::billing {
namespace {

constexpr std::int64_t kMaxCredits = 1'000'000;
constexpr std::int64_t kMaxAmountCents = 100'000'000;

std::string pack_json(const CreditPack& p) {
  return boost::json::serialize(boost::json::object{{"name", p.name},
                                                    {"credits", p.credits},
                                                    {"amount_cents", p.amount_cents},
                                                    {"currency", p.currency},
                                                    {"active", p.active}});
}

// A field of a JSON object as text ("" when absent or not a string).
std::string text_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::optional<std::int64_t> integer_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_number()) return std::nullopt;
  boost::system::error_code ec;
  const auto n = value->to_number<std::int64_t>(ec);
  if (ec) return std::nullopt;
  return n;
}

const boost::json::object& object_at(const boost::json::object& object, std::string_view key) {
  static const boost::json::object empty;
  const auto* value = object.if_contains(key);
  return value && value->is_object() ? value->as_object() : empty;
}

[[noreturn]] void unprocessable(const std::string& message) { throw Error(ErrorCode::unprocessable, message); }

}  // namespace

std::string_view webhook_outcome_name(WebhookOutcome outcome) {
  switch (outcome) {
    case WebhookOutcome::applied: return "applied";
    case WebhookOutcome::duplicate: return "duplicate";
    case WebhookOutcome::ignored: return "ignored";
  }
  return "ignored";
}

BillingService::BillingService(db::Database& db, credits::CreditLedger& ledger,
                               std::unique_ptr<PaymentProvider> provider, audit::AuditLog& audit, const Clock& clock,
                               BillingOptions options)
    : db_(db),
      store_(db),
      ledger_(ledger),
      provider_(std::move(provider)),
      audit_(audit),
      clock_(clock),
      options_(std::move(options)) {}

// ---- packs -----------------------------------------------------------------------------

std::vector<CreditPack> BillingService::packs(bool include_inactive) { return store_.packs(!include_inactive); }

CreditPack BillingService::checked_pack(CreditPack pack) const {
  pack.name = text::clean_name(pack.name, "name", 100);
  if (pack.credits < 1 || pack.credits > kMaxCredits) throw_validation("credits", "credits must be 1…1000000");
  if (pack.amount_cents < 1 || pack.amount_cents > kMaxAmountCents) {
    throw_validation("amount_cents", "amount_cents must be 1…100000000");
  }
  pack.currency = text::lower_ascii(pack.currency);
  if (pack.currency.size() != 3 || !std::all_of(pack.currency.begin(), pack.currency.end(), [](char c) {
        return c >= 'a' && c <= 'z';
      })) {
    throw_validation("currency", "currency must be a three-letter ISO 4217 code (usd, eur, …)");
  }
  return pack;
}

CreditPack BillingService::create_pack(const audit::Actor& admin, const PackDraft& draft) {
  CreditPack pack;
  pack.id = new_public_id();
  pack.name = draft.name.value_or("");
  pack.credits = draft.credits.value_or(0);
  pack.amount_cents = draft.amount_cents.value_or(0);
  pack.currency = draft.currency.value_or("usd");
  pack.active = draft.active.value_or(true);
  pack = checked_pack(pack);
  pack.created_at = pack.updated_at = clock_.now_ms();
  store_.insert_pack(pack);
  audit_.record(admin, "billing.pack_create", "credit_pack", pack.id, "{}", pack_json(pack));
  return pack;
}

CreditPack BillingService::update_pack(const audit::Actor& admin, const std::string& id, const PackDraft& draft) {
  auto current = store_.pack(id);
  if (!current) throw_not_found("credit pack");
  CreditPack pack = *current;
  if (draft.name) pack.name = *draft.name;
  if (draft.credits) pack.credits = *draft.credits;
  if (draft.amount_cents) pack.amount_cents = *draft.amount_cents;
  if (draft.currency) pack.currency = *draft.currency;
  if (draft.active) pack.active = *draft.active;
  pack = checked_pack(pack);
  pack.updated_at = clock_.now_ms();
  if (!store_.update_pack(pack)) throw_not_found("credit pack");
  audit_.record(admin, "billing.pack_update", "credit_pack", id, pack_json(*current), pack_json(pack));
  return pack;
}

// ---- checkout --------------------------------------------------------------------------

Checkout BillingService::checkout(const std::string& user_id, const std::string& pack_id) {
  auto pack = store_.pack(pack_id);
  if (!pack || !pack->active) throw_not_found("credit pack");
  Payment payment;
  payment.id = new_public_id();
  payment.user_id = user_id;
  payment.pack_id = pack->id;
  payment.provider = provider_->name();
  payment.credits = pack->credits;
  payment.amount_cents = pack->amount_cents;
  payment.currency = pack->currency;
  payment.created_at = payment.updated_at = clock_.now_ms();
  store_.insert_payment(payment);
  CheckoutSession session;
  try {
    session = provider_->create_checkout({payment.id, user_id, pack->id, pack->name, pack->amount_cents,
                                          pack->currency, options_.success_url, options_.cancel_url});
  } catch (...) {
    store_.remove_payment(payment.id);  // no session, nothing to pay
    throw;
  }
  store_.set_session(payment.id, session.id, clock_.now_ms());
  payment.session_id = session.id;
  return {payment, session.url};
}

std::vector<Payment> BillingService::payments(const std::string& user_id) { return store_.payments_of(user_id, 100); }

Payment BillingService::payment(const std::string& user_id, const std::string& payment_id) {
  auto found = store_.payment_of(user_id, payment_id);
  if (!found) throw_not_found("payment");
  return *found;
}

// ---- the webhook -----------------------------------------------------------------------

WebhookOutcome BillingService::handle_stripe_webhook(std::string_view signature_header, std::string_view body) {
  if (options_.webhook_secrets.empty()) throw Error(ErrorCode::unavailable, "the webhook is not set up (billing.stripe_webhook_secret)");
  const auto check = verify_stripe_signature(signature_header, body, options_.webhook_secrets, clock_.now_ms() / 1000,
                                             options_.webhook_tolerance_s);
  if (check != SignatureCheck::valid) {
    spdlog::warn("billing: a webhook delivery was refused: signature {}", signature_check_name(check));
    throw Error(ErrorCode::bad_request, "the Stripe-Signature header does not verify",
                {{"reason", std::string(signature_check_name(check))}});
  }
  boost::system::error_code ec;
  const auto doc = boost::json::parse(body, ec);
  if (ec || !doc.is_object()) throw Error(ErrorCode::bad_request, "the event is not a JSON object");
  const auto& event = doc.as_object();
  const std::string event_id = text_at(event, "id");
  const std::string type = text_at(event, "type");
  if (event_id.empty() || type.empty()) throw Error(ErrorCode::bad_request, "the event has no id or type");
  const auto& object = object_at(object_at(event, "data"), "object");
  const Millis now = clock_.now_ms();

  WebhookOutcome outcome = WebhookOutcome::ignored;
  try {
    db_.write([&](db::Connection& c) {
      outcome = WebhookOutcome::ignored;
      if (store_.has_event(c, event_id)) {
        outcome = WebhookOutcome::duplicate;
        return;
      }
      std::string payment_id;
      if (type == "checkout.session.completed" || type == "checkout.session.async_payment_succeeded") {
        if (text_at(object, "payment_status") != "paid") {  // paid later: async_payment_succeeded comes then
          store_.record_event(c, event_id, type, "", now);
          return;
        }
        const auto& metadata = object_at(object, "metadata");
        const std::string session_id = text_at(object, "id");
        const std::string user_id = text_at(object, "client_reference_id");
        auto payment = store_.payment(c, text_at(metadata, "payment_id"));
        if (!payment) payment = store_.payment_by_session(c, session_id);
        if (payment && payment->user_id != user_id) unprocessable("the session's account is not the payment's");
        auto pack = store_.pack(c, payment ? payment->pack_id : text_at(metadata, "pack_id"));
        if (!pack) unprocessable("the session names no credit pack of ours");
        // What was paid must be the price asked: the payment's, fixed at checkout (an admin may
        // have changed the pack since), or the pack's for a session made elsewhere.
        const std::int64_t price = payment ? payment->amount_cents : pack->amount_cents;
        const std::string currency = payment ? payment->currency : pack->currency;
        if (integer_at(object, "amount_total") != price || text::lower_ascii(text_at(object, "currency")) != currency) {
          unprocessable("the amount paid does not match the price");
        }
        if (!payment) {  // a session made elsewhere (a payment link): recorded now
          Payment made;
          made.id = new_public_id();
          made.user_id = user_id;
          made.pack_id = pack->id;
          made.provider = "stripe";
          made.credits = pack->credits;
          made.amount_cents = pack->amount_cents;
          made.currency = pack->currency;
          made.status = PaymentStatus::paid;
          made.session_id = session_id;
          made.created_at = made.updated_at = now;
          if (c.exec("SELECT 1 FROM users WHERE id = ?", {user_id}).empty()) {
            spdlog::warn("billing: event {} pays for account {}, which is gone", event_id, user_id);
            store_.record_event(c, event_id, type, "", now);
            return;
          }
          store_.insert_payment(c, made);
          payment = made;
        }
        payment_id = payment->id;
        ledger_.credit(c, payment->user_id, payment->credits, credits::CreditKind::purchase, "payment:" + payment->id);
        store_.mark_paid(c, payment->id, session_id, text_at(object, "payment_intent"), now);
        outcome = WebhookOutcome::applied;
      } else if (type == "charge.refunded" || type == "charge.dispute.created") {
        auto payment = store_.payment_by_intent(c, text_at(object, "payment_intent"));
        if (!payment) {
          // Stripe does not order its events: this may come before the checkout that makes the
          // payment known. Not recorded, and not 2xx, so Stripe delivers it again later.
          throw Error(ErrorCode::unavailable, "no payment is known for this payment_intent yet; deliver it again later");
        }
        {
          payment_id = payment->id;
          std::int64_t target = payment->credits;  // a dispute takes them all back
          PaymentStatus status = PaymentStatus::disputed;
          std::string reference = "payment:" + payment->id + ":dispute:" + text_at(object, "id");
          if (type == "charge.refunded") {
            const std::int64_t refunded = integer_at(object, "amount_refunded").value_or(0);
            target = payment->amount_cents > 0 ? payment->credits * std::min(refunded, payment->amount_cents) /
                                                     payment->amount_cents
                                               : 0;
            status = refunded >= payment->amount_cents ? PaymentStatus::refunded : payment->status;
            reference = "payment:" + payment->id + ":refund:" + std::to_string(refunded);
          }
          const std::int64_t more = target - payment->credits_reversed;
          if (more > 0) {
            ledger_.take_back(c, payment->user_id, more, credits::CreditKind::reversal, reference);
            store_.set_reversal(c, payment->id, target, status, now);
          } else if (status != payment->status) {
            store_.set_reversal(c, payment->id, payment->credits_reversed, status, now);
          }
          outcome = WebhookOutcome::applied;
        }
      }
      store_.record_event(c, event_id, type, payment_id, now);
    });
  } catch (const db::UniqueViolation&) {
    return WebhookOutcome::duplicate;  // the same event, applied by a delivery running beside this one
  }
  return outcome;
}

}  // namespace marquee::billing

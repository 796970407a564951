#include "billing/BillingRoutes.h"

#include <boost/json.hpp>

#include "core/Error.h"
#include "core/Json.h"

namespace marquee::billing {
namespace {

using http::Method;
using http::Request;
using http::Response;

boost::json::object pack_json(const CreditPack& p) {
  return boost::json::object{{"id", p.id},
                             {"name", p.name},
                             {"credits", p.credits},
                             {"amount_cents", p.amount_cents},
                             {"currency", p.currency},
                             {"active", p.active},
                             {"created_at", to_rfc3339(p.created_at)},
                             {"updated_at", to_rfc3339(p.updated_at)}};
}

boost::json::object payment_json(const Payment& p) {
  return boost::json::object{{"id", p.id},
                             {"pack_id", p.pack_id},
                             {"provider", p.provider},
                             {"credits", p.credits},
                             {"amount_cents", p.amount_cents},
                             {"currency", p.currency},
                             {"credits_reversed", p.credits_reversed},
                             {"status", std::string(payment_status_name(p.status))},
                             {"created_at", to_rfc3339(p.created_at)},
                             {"updated_at", to_rfc3339(p.updated_at)}};
}

boost::json::object packs_json(const std::vector<CreditPack>& packs) {
  boost::json::array items;
  for (const auto& pack : packs) items.push_back(pack_json(pack));
  return boost::json::object{{"items", std::move(items)}};
}

PackDraft draft_of(const json::BodyReader& body) {
  PackDraft draft;
  draft.name = body.optional_string("name");
  draft.credits = body.optional_int("credits");
  draft.amount_cents = body.optional_int("amount_cents");
  draft.currency = body.optional_string("currency");
  draft.active = body.optional_bool("active");
  return draft;
}

}  // namespace

void register_billing_routes(http::Router& router, BillingService& billing, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/billing/packs",
      [&billing](Request&) { return Response::json(200, packs_json(billing.packs(false))); },
      {"The credit packs on sale", "billing", http::Access::public_, "", "CreditPackList"});

  router.add(
      Method::POST, "/api/billing/checkout",
      [&billing, &auth](Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        const auto checkout = billing.checkout(who.user_id, body.required_string("pack_id"));
        return Response::json(201, boost::json::object{{"payment", payment_json(checkout.payment)},
                                                       {"checkout_url", checkout.url}});
      },
      {"Buy a credit pack: a pending payment and the provider's checkout URL", "billing", http::Access::user,
       "CheckoutRequest", "CheckoutSession", 201});

  router.add(
      Method::GET, "/api/billing/payments",
      [&billing, &auth](Request& request) {
        const auto who = auth.require_user(request);
        boost::json::array items;
        for (const auto& payment : billing.payments(who.user_id)) items.push_back(payment_json(payment));
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"The caller's payments, newest first", "billing", http::Access::user, "", "PaymentList"});

  router.add(
      Method::GET, "/api/billing/payments/{id}",
      [&billing, &auth](Request& request) {
        const auto who = auth.require_user(request);
        return Response::json(200, payment_json(billing.payment(who.user_id, request.param("id"))));
      },
      {"One of the caller's payments", "billing", http::Access::user, "", "Payment"});

  router.add(
      Method::POST, "/api/billing/webhook",
      [&billing](Request& request) {
        const auto outcome = billing.handle_stripe_webhook(request.header("Stripe-Signature").value_or(""), request.body);
        return Response::json(200, boost::json::object{{"received", true},
                                                       {"outcome", std::string(webhook_outcome_name(outcome))}});
      },
      {"Stripe's webhook (the Stripe-Signature header is the credential)", "billing", http::Access::public_, "", ""});

  router.add(
      Method::GET, "/api/admin/credit-packs",
      [&billing, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        return Response::json(200, packs_json(billing.packs(true)));
      },
      {"Every credit pack, on sale or not", "admin", http::Access::admin, "", "CreditPackList"});

  router.add(
      Method::POST, "/api/admin/credit-packs",
      [&billing, &auth](Request& request) {
        const auto admin = auth.require_role(request, accounts::Role::admin);
        json::BodyReader body(request.body);
        return Response::json(201, pack_json(billing.create_pack({admin.user_id, request.request_id}, draft_of(body))));
      },
      {"Add a credit pack", "admin", http::Access::admin, "CreditPackDraft", "CreditPack", 201});

  router.add(
      Method::PATCH, "/api/admin/credit-packs/{id}",
      [&billing, &auth](Request& request) {
        const auto admin = auth.require_role(request, accounts::Role::admin);
        json::BodyReader body(request.body);
        return Response::json(
            200, pack_json(billing.update_pack({admin.user_id, request.request_id}, request.param("id"), draft_of(body))));
      },
      {"Change a credit pack (active: false takes it off sale)", "admin", http::Access::admin, "CreditPackDraft",
       "CreditPack"});
}

}  // namespace marquee::billing

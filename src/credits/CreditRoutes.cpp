#include "credits/CreditRoutes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/Json.h"
#include "core/JsonPage.h"
#include "http/QueryParams.h"

namespace marquee::credits {
namespace {

boost::json::object credit_entry_json(const CreditEntry& entry) {
  boost::json::object out{{"id", entry.id},
                          {"amount", entry.amount},
                          {"kind", std::string(credit_kind_name(entry.kind))},
                          {"created_at", to_rfc3339(entry.created_at)}};
  out["reference"] = entry.reference.empty() ? boost::json::value(nullptr) : boost::json::value(entry.reference);
  return out;
}

boost::json::object referral_json(const ReferralSummary& s) {
  boost::json::object out{{"code", s.code}, {"referred", s.referred}, {"rewarded", s.rewarded}, {"reward", s.reward}, {"earned", s.earned}};
  out["referred_by"] = s.referred_by ? boost::json::value(*s.referred_by) : boost::json::value(nullptr);
  return out;
}

}  // namespace

void register_credit_routes(http::Router& router, CreditLedger& ledger, Referrals& referrals,
                            const accounts::RequestAuth& auth) {
  router.add(
      http::Method::GET, "/api/me/referral",
      [&referrals, &auth](http::Request& request) {
        return http::Response::json(200, referral_json(referrals.summary(auth.require_user(request).user_id)));
      },
      {"The caller's referral code and what it brought", "billing", http::Access::user, "", "Referral"});

  router.add(
      http::Method::POST, "/api/me/referral",
      [&referrals, &auth](http::Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        return http::Response::json(200, referral_json(referrals.redeem(who.user_id, body.required_string("code"))));
      },
      {"Name the code of whoever referred the caller (once, before the first clip)", "billing", http::Access::user,
       "ReferralRedeem", "Referral"});

  router.add(
      http::Method::GET, "/api/me/credits",
      [&ledger, &auth](http::Request& request) {
        const auto who = auth.require_user(request);
        const std::int64_t limit = http::limit_param(request).value_or(kDefaultCreditPageSize);
        const auto page = ledger.history(who.user_id, request.query("cursor"), limit);
        boost::json::object out = json::page_json(page, credit_entry_json);
        out["balance"] = ledger.balance(who.user_id);
        return http::Response::json(200, out);
      },
      {"The caller's credit balance and ledger, newest first", "billing", http::Access::user, "", "CreditLedger"});
}

}  // namespace marquee::credits

#pragma once
// GET /api/me/credits: the caller's balance and ledger; GET and POST /api/me/referral: the
// caller's referral code, and who referred the caller (docs/billing.md).
#include "accounts/RequestAuth.h"
#include "credits/CreditLedger.h"
#include "credits/Referrals.h"
#include "http/Router.h"

namespace marquee::credits {

void register_credit_routes(http::Router& router, CreditLedger& ledger, Referrals& referrals,
                            const accounts::RequestAuth& auth);

}  // namespace marquee::credits

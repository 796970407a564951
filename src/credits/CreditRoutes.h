#pragma once
// GET /api/me/credits: the caller's balance and ledger (docs/billing.md).
#include "accounts/RequestAuth.h"
#include "credits/CreditLedger.h"
#include "http/Router.h"

namespace marquee::credits {

void register_credit_routes(http::Router& router, CreditLedger& ledger, const accounts::RequestAuth& auth);

}  // namespace marquee::credits

#pragma once
// Credit packs, checkout, payments and the provider's webhook (docs/billing.md).
#include "accounts/RequestAuth.h"
#include "billing/BillingService.h"
#include "http/Router.h"

namespace marquee::billing {

void register_billing_routes(http::Router& router, BillingService& billing, const accounts::RequestAuth& auth);

}  // namespace marquee::billing

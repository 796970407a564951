#pragma once
// /api/dmca/notices[/{id}[/court-action]], /api/dmca/counter-notices, /api/me/strikes and the
// plain-text page GET /dmca naming the designated agent.
#include "accounts/RequestAuth.h"
#include "dmca/DmcaService.h"
#include "http/Router.h"

namespace marquee::dmca {

void register_dmca_routes(http::Router& router, DmcaService& dmca, const accounts::RequestAuth& auth);

}  // namespace marquee::dmca

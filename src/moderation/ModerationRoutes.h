#pragma once
// /api/reports, /api/me/reports, /api/moderation/cases[/{id}[/actions]], /api/moderation/appeals.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "moderation/ModerationService.h"

namespace marquee::moderation {

void register_moderation_routes(http::Router& router, ModerationService& moderation, const accounts::RequestAuth& auth);

}  // namespace marquee::moderation

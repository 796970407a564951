#pragma once
// GET/PATCH /api/admin/settings: the settings an admin changes while the site runs.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "settings/SiteSettings.h"

namespace marquee::settings {

void register_settings_routes(http::Router& router, SiteSettings& settings, const accounts::RequestAuth& auth);

}  // namespace marquee::settings

#pragma once
// The first run, from the browser (FirstRun.h): while the site has never had an admin,
// GET /api/setup says so and POST /api/setup/admin, with the one-time setup code the server
// printed in its log, creates the admin and signs it in.
#include <string>

#include "accounts/FirstRun.h"
#include "accounts/SessionResponse.h"
#include "http/Router.h"

namespace marquee::accounts {

// Logs the setup code, and the page to type it in, while the first run is open.
void announce_first_run(FirstRun& first_run, const std::string& site_url);

void register_first_run_routes(http::Router& router, FirstRun& first_run, CookieOptions cookies);

}  // namespace marquee::accounts

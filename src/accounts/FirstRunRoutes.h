#pragma once
// The first run, from the browser: while no admin exists, GET /api/setup says so and
// POST /api/setup/admin creates one and signs it in. Only from the machine itself (a loopback
// client that came through no proxy, to a loopback Host) or with the setup code every node
// derives from the shared playback secret and prints in its log at start (docs/operations.md,
// First run). Once an admin exists both answer that setup is over.
#include <string>

#include "accounts/AccountService.h"
#include "accounts/SessionResponse.h"
#include "http/Router.h"

namespace marquee::accounts {

struct FirstRunOptions {
  std::string setup_code;  // the code a remote visitor must type
  CookieOptions cookies;
};

// True for a request from this machine directly: a loopback peer, no forwarding header, a
// loopback Host and, when the browser sent one, a loopback Origin.
bool is_local_request(const http::Request& request);

// The code derived from `secret` (10 characters of an unambiguous alphabet, shown XXXXX-XXXXX).
std::string setup_code_of(const std::string& secret);

// Logs how to create the first admin when none exists yet.
void announce_first_run(AccountService& accounts, const FirstRunOptions& options, const std::string& site_url);

void register_first_run_routes(http::Router& router, AccountService& accounts, FirstRunOptions options);

}  // namespace marquee::accounts

#include "accounts/FirstRunRoutes.h"

#include <spdlog/spdlog.h>

#include "core/Json.h"

namespace marquee::accounts {

using http::Request;
using http::Response;

void announce_first_run(FirstRun& first_run, const std::string& site_url) {
  const auto code = first_run.pending_code();
  if (!code) return;
  const std::string shown = code->substr(0, 5) + "-" + code->substr(5);
  // The code rides in the fragment: browsers never send it to a server or in a Referer.
  spdlog::warn("No admin account yet: open {}setup#code={} to create it (setup code {}, good once)", site_url, shown,
               shown);
}

void register_first_run_routes(http::Router& router, FirstRun& first_run, CookieOptions cookies) {
  router.add(
      http::Method::GET, "/api/setup",
      [&first_run](Request&) {
        return Response::json(200, boost::json::object{{"admin_needed", first_run.admin_needed()}});
      },
      {"Whether the site still needs its first admin", "accounts", http::Access::public_, "", "SetupState"});

  router.add(
      http::Method::POST, "/api/setup/admin",
      [&first_run, cookies](Request& req) {
        json::BodyReader body(req.body);
        NewAccount request;
        request.email = body.required_string("email");
        request.username = body.required_string("username");
        request.password = body.required_string("password");
        const std::string code = body.optional_string("code").value_or("");
        return session_response(201, first_run.create_admin(request, code, device_of(req)), cookies, wall_clock_ms());
      },
      {"Create the first admin with the setup code from the server's log, and sign it in (once)", "accounts",
       http::Access::public_, "FirstAdmin", "Session", 201});
}

}  // namespace marquee::accounts

#include "accounts/SecurityRoutes.h"

#include "core/Json.h"

namespace marquee::accounts {
namespace {

using http::Method;
using http::Request;
using http::Response;

boost::json::object session_json(const SessionInfo& s, const std::string& current) {
  return {{"id", s.id},
          {"created_at", to_rfc3339(s.created_at)},
          {"last_used_at", to_rfc3339(s.last_used_at)},
          {"user_agent", s.user_agent},
          {"ip_address", s.ip_address},
          {"current", s.id == current}};
}

}  // namespace

void register_security_routes(http::Router& router, AccountService& service, const RequestAuth& auth) {
  router.add(
      Method::GET, "/api/me/sessions",
      [&service, &auth](Request& req) {
        const AccessClaims claims = auth.require_session(req);
        boost::json::array items;
        for (const auto& s : service.sessions(claims.principal)) items.push_back(session_json(s, claims.session_id));
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"The signed-in account's open sessions: device, address, when opened and last used; `current` marks this one",
       "accounts", http::Access::user, "", "SessionList"});

  router.add(
      Method::DELETE, "/api/me/sessions/{id}",
      [&service, &auth](Request& req) {
        service.end_session(auth.require_user(req), req.param("id"));
        return Response::no_content();
      },
      {"End one session of the signed-in account (its tokens stop working at once)", "accounts", http::Access::user,
       "", "", 204});

  router.add(
      Method::DELETE, "/api/me/sessions",
      [&service, &auth](Request& req) {
        const AccessClaims claims = auth.require_session(req);
        service.end_other_sessions(claims.principal, claims.session_id);
        return Response::no_content();
      },
      {"End every session of the signed-in account except this one", "accounts", http::Access::user, "", "", 204});

  router.add(
      Method::POST, "/api/me/2fa/totp",
      [&service, &auth](Request& req) {
        const TotpEnrollment enrollment = service.begin_totp(auth.require_user(req));
        return Response::json(201, boost::json::object{{"secret", enrollment.secret},
                                                       {"otpauth_uri", enrollment.otpauth_uri}});
      },
      {"Start turning on two-factor sign-in: a TOTP secret and its otpauth:// URI for an authenticator app "
       "(confirm with a code to turn it on)",
       "accounts", http::Access::user, "", "TotpEnrollment", 201});

  router.add(
      Method::POST, "/api/me/2fa/totp/confirm",
      [&service, &auth](Request& req) {
        const Principal who = auth.require_user(req);
        json::BodyReader body(req.body);
        const auto codes = service.confirm_totp(who, body.optional_string("password").value_or(""),
                                                body.required_string("code"));
        boost::json::array recovery;
        for (const auto& code : codes) recovery.emplace_back(code);
        return Response::json(200, boost::json::object{{"two_factor", true}, {"recovery_codes", std::move(recovery)}});
      },
      {"Turn two-factor sign-in on with the password and a code from the authenticator app; returns ten "
       "single-use recovery codes, shown this once",
       "accounts", http::Access::user, "TotpConfirm", "RecoveryCodes"});

  router.add(
      Method::DELETE, "/api/me/2fa/totp",
      [&service, &auth](Request& req) {
        const Principal who = auth.require_user(req);
        json::BodyReader body(req.body);
        service.disable_totp(who, body.optional_string("password").value_or(""),
                             body.optional_string("totp").value_or(""));
        return Response::no_content();
      },
      {"Turn two-factor sign-in off (confirm with the password and a current code or a recovery code)", "accounts",
       http::Access::user, "TotpDisable", "", 204});

  router.add(
      Method::POST, "/api/admin/users/{id}/password-reset",
      [&service, &auth](Request& req) {
        service.require_password_reset(auth.require_role(req, Role::admin), req.param("id"), req.request_id);
        return Response::no_content();
      },
      {"Make an account choose a new password: its sessions end, and its old password signs in only with "
       "new_password",
       "admin", http::Access::admin, "", "", 204});
}

}  // namespace marquee::accounts

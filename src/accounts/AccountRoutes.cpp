#include "accounts/AccountRoutes.h"

#include "accounts/AccountJson.h"
#include "accounts/SessionResponse.h"
#include "core/Json.h"
#include "core/Text.h"

namespace marquee::accounts {
namespace {

using http::Method;
using http::Request;
using http::Response;

// The refresh token comes in the JSON body, or for browsers in its httpOnly cookie (honoured
// only from this site or a listed origin, like every cookie credential).
std::string refresh_token_of(const Request& req, const RequestAuth& auth) {
  json::BodyReader body(req.body);
  if (auto token = body.optional_string("refresh_token")) return *token;
  if (auto token = req.cookie(kRefreshCookie)) {
    auth.require_trusted_cookie_origin(req);
    return *token;
  }
  return "";
}

}  // namespace

void register_account_routes(http::Router& router, AccountService& service, const RequestAuth& auth,
                             CookieOptions cookies, ProfileFields profile_fields, ProfileFields me_fields) {
  router.add(
      Method::POST, "/api/auth/register",
      [&service, cookies](Request& req) {
        json::BodyReader body(req.body);
        NewAccount request{body.required_string("email"), body.required_string("username"),
                           body.required_string("password")};
        return session_response(201, service.register_account(request, device_of(req)), cookies, wall_clock_ms());
      },
      {"Create an account and sign in", "auth", http::Access::public_, "RegisterRequest", "Session", 201});

  router.add(
      Method::POST, "/api/auth/login",
      [&service, cookies](Request& req) {
        json::BodyReader body(req.body);
        auto login = body.optional_string("login");
        if (!login) login = body.optional_string("email");
        if (!login) login = body.optional_string("username");
        if (!login) throw_validation("login", "login (email or username) is required");
        SignIn attempt{*login, body.required_string("password"), body.optional_string("totp").value_or(""),
                       body.optional_string("new_password").value_or(""), device_of(req)};
        return session_response(200, service.login(attempt), cookies, wall_clock_ms());
      },
      {"Sign in with email or username and password (and the second factor's code when the account has one: "
       "401 totp_required until it is sent; 403 password_reset_required until new_password is sent when an admin "
       "asked for one)",
       "auth", http::Access::public_, "LoginRequest", "Session"});

  router.add(
      Method::POST, "/api/auth/refresh",
      [&service, &auth, cookies](Request& req) {
        std::string token = refresh_token_of(req, auth);
        if (token.empty()) throw_unauthorized("refresh_token is required");
        return session_response(200, service.refresh(token, device_of(req)), cookies, wall_clock_ms());
      },
      {"Exchange a refresh token for new tokens (rotates it)", "auth", http::Access::public_, "RefreshRequest",
       "Session"});

  router.add(
      Method::POST, "/api/auth/logout",
      [&service, &auth, cookies](Request& req) {
        service.logout(refresh_token_of(req, auth));
        return signed_out(cookies);
      },
      {"Sign out: end the session (its refresh token, rotations and access tokens stop working)", "auth",
       http::Access::public_, "RefreshRequest", "", 204});

  router.add(
      Method::POST, "/api/auth/logout-all",
      [&service, &auth, cookies](Request& req) {
        service.logout_everywhere(auth.require_user(req));
        return signed_out(cookies);
      },
      {"Sign out everywhere: end every session of the signed-in account", "auth", http::Access::user, "", "", 204});

  router.add(
      Method::POST, "/api/me/password",
      [&service, &auth, cookies](Request& req) {
        Principal who = auth.require_user(req);
        json::BodyReader body(req.body);
        auto session = service.change_password(who, body.optional_string("current_password").value_or(""),
                                               body.required_string("new_password"), device_of(req));
        return session_response(200, session, cookies, wall_clock_ms());
      },
      {"Change the password (confirm with the current one): every other session ends, a new one is returned",
       "accounts", http::Access::user, "PasswordChange", "Session"});

  router.add(
      Method::GET, "/api/me",
      [&service, &auth, me_fields](Request& req) {
        Account account = service.me(auth.require_user(req));
        boost::json::object body = private_account_json(account);
        if (me_fields) {
          for (auto& [key, value] : me_fields(account)) body[key] = std::move(value);
        }
        return Response::json(200, body);
      },
      {"The signed-in account", "accounts", http::Access::user, "", "Account"});

  // A browser cannot read its HttpOnly cookies: this says, without an error for a visitor,
  // who is signed in, and whether a refresh cookie is there to sign in again with.
  router.add(
      Method::GET, "/api/auth/session",
      [&service, &auth, me_fields](Request& req) {
        std::optional<Principal> who;
        try {
          Caller caller = auth.caller(req);
          if (caller) who = *caller;
        } catch (const Error& e) {
          if (e.code() != ErrorCode::unauthorized) throw;  // an expired token is "not now"
        }
        boost::json::value user = nullptr;
        if (who) {
          Account account = service.me(*who);
          boost::json::object body = private_account_json(account);
          if (me_fields) {
            for (auto& [key, value] : me_fields(account)) body[key] = std::move(value);
          }
          user = std::move(body);
        }
        return Response::json(200, boost::json::object{{"user", std::move(user)},
                                                       {"refreshable", !who && req.cookie(kRefreshCookie).has_value()}});
      },
      {"Who this browser is signed in as (user: null for a visitor) and whether its refresh cookie may sign it in "
       "again",
       "accounts", http::Access::public_, "", "BrowserSession"});

  router.add(
      Method::PATCH, "/api/me",
      [&service, &auth](Request& req) {
        Principal who = auth.require_user(req);
        json::BodyReader body(req.body);
        ProfileChanges changes{body.optional_string("display_name"), body.optional_string("bio"),
                               body.optional_string("avatar_url"), body.optional_string("birth_date"),
                               body.optional_bool("adult_attested")};
        return Response::json(200, private_account_json(service.update_profile(who, changes)));
      },
      {"Update display name, bio, avatar URL, birth date or the 18+ attestation of the age gate", "accounts", http::Access::user, "ProfilePatch", "Account"});

  router.add(
      Method::DELETE, "/api/me",
      [&service, &auth, cookies](Request& req) {
        Principal who = auth.require_user(req);
        service.delete_account(who, json::BodyReader(req.body).optional_string("password").value_or(""));
        return signed_out(cookies);
      },
      {"Delete the signed-in account and everything it owns (confirm with the password)", "accounts",
       http::Access::user, "AccountDeletion", "", 204});

  router.add(
      Method::GET, "/api/users/{username}",
      [&service, &auth, profile_fields](Request& req) {
        auth.caller(req);  // a broken token is refused even here
        Account account = service.public_profile(req.param("username"));
        boost::json::object profile = public_profile_json(account);
        if (profile_fields) {
          for (auto& [key, value] : profile_fields(account)) profile[key] = std::move(value);
        }
        return Response::json(200, profile);
      },
      {"A user's public profile (their channel)", "accounts", http::Access::public_, "", "Channel"});

  router.add(
      Method::PATCH, "/api/admin/users/{id}",
      [&service, &auth](Request& req) {
        Principal admin = auth.require_role(req, Role::admin);
        json::BodyReader body(req.body);
        std::optional<Role> role;
        if (auto name = body.optional_string("role")) {
          role = parse_role(*name);
          if (!role) throw_validation("role", "role must be user, creator, moderator or admin");
        }
        auto account = service.admin_update(
            admin, req.param("id"), {role, body.optional_bool("is_premium"), body.optional_bool("trusted")},
            req.request_id);
        return Response::json(200, private_account_json(account));
      },
      {"Change an account's role or premium flag", "admin", http::Access::admin, "AdminUserPatch", "Account"});

  // The age gate (AgeGate.h). A signed-in caller's confirmation is the account's attestation; a
  // signed-out one's is a cookie. Either way the browser gets the cookie, so media requests
  // (images, segments) pass the gate too.
  auto gate_json = [&auth](const Caller& caller, bool passed) {
    const auto& gate = auth.age_gate();
    return boost::json::object{{"passed", passed},
                               {"adult_content", gate.adult_content_enabled()},
                               {"minimum_age", gate.minimum_age()},
                               {"attested", caller ? boost::json::value(caller->adult_attested) : nullptr}};
  };
  router.add(
      Method::GET, "/api/age-gate",
      [&auth, gate_json](Request& req) {
        auto caller = auth.caller(req);
        return Response::json(200, gate_json(caller, auth.passes_age_gate(req, caller)));
      },
      {"Whether the caller passed the age gate, and the site's rule (adult content on or off, minimum age)", "accounts",
       http::Access::public_, "", "AgeGate"});

  router.add(
      Method::POST, "/api/age-gate",
      [&service, &auth, gate_json, cookies](Request& req) {
        auto caller = auth.caller(req);
        auth.require_trusted_cookie_origin(req);  // another site may not confirm for a visitor
        json::BodyReader body(req.body);
        if (body.optional_bool("confirm") != true) {
          throw_validation("confirm", "confirm must be true: \"I am 18 or older\"");
        }
        bool passed = false;
        if (caller) {
          ProfileChanges changes;
          changes.adult_attested = true;
          changes.birth_date = body.optional_string("birth_date");
          Account account = service.update_profile(*caller, changes);
          passed = auth.age_gate().passed(account.principal());
        } else {
          if (body.optional_string("birth_date")) {
            throw_validation("birth_date", "sign in to state a birth date");
          }
          passed = auth.age_gate().adult_content_enabled() && auth.age_gate().minimum_age() <= 0;
        }
        Response r = Response::json(200, gate_json(caller ? Caller(service.me(*caller).principal()) : caller,
                                                   passed));
        if (passed) r.headers.add("Set-Cookie", cookie_header(kAgeGateCookie, "1", "/", 365LL * 24 * 3600, cookies.secure));
        return r;
      },
      {"Pass the age gate: {confirm: true, birth_date?}; signed in, it is the account's attestation", "accounts",
       http::Access::public_, "AgeGateConfirm", "AgeGate"});

  router.add(
      Method::DELETE, "/api/age-gate",
      [&service, &auth, cookies](Request& req) {
        auto caller = auth.caller(req);
        auth.require_trusted_cookie_origin(req);
        if (caller) {
          ProfileChanges changes;
          changes.adult_attested = false;
          service.update_profile(*caller, changes);
        }
        Response r = Response::no_content();
        r.headers.add("Set-Cookie", cookie_header(kAgeGateCookie, "", "/", 0, cookies.secure));
        return r;
      },
      {"Leave the age gate: the cookie goes, and a signed-in caller's attestation is withdrawn", "accounts",
       http::Access::public_, "", "", 204});
}

}  // namespace marquee::accounts

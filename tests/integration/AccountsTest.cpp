// Accounts over HTTP, as a client app uses them: register, sign in, rotate, sign out,
// profiles, admin role changes, and the forgeries and bad input that must be refused.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>

#include "accounts/TokenSigner.h"
#include "core/Crypto.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

struct Accounts : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();
};

TEST_F(Accounts, register_returns_user_and_tokens_and_sets_cookies) {
  auto r = client.post("/api/auth/register",
                       object{{"email", "Alice@Example.com"}, {"username", "alice"}, {"password", "s3cret-pass"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = r.json().as_object();
  auto user = body["user"].as_object();
  EXPECT_EQ(user["email"].as_string(), "alice@example.com");
  EXPECT_EQ(user["username"].as_string(), "alice");
  EXPECT_EQ(user["role"].as_string(), "user");
  EXPECT_EQ(user["is_premium"].as_bool(), false);
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_EQ(body["token_type"].as_string(), "Bearer");
  EXPECT_FALSE(body["access_token"].as_string().empty());
  EXPECT_FALSE(body["refresh_token"].as_string().empty());
  bool http_only_cookie = false;
  for (const auto& [k, v] : r.headers) {
    if (http::iequals(k, "Set-Cookie") && v.starts_with("marquee_access=") && v.find("HttpOnly") != std::string::npos) {
      http_only_cookie = true;
    }
  }
  EXPECT_TRUE(http_only_cookie);

  auto me = client.get("/api/me", std::string(body["access_token"].as_string()));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().as_object()["username"].as_string(), "alice");
}

TEST_F(Accounts, login_accepts_email_or_username_in_any_case) {
  auto u = server.register_user("bob");
  EXPECT_EQ(client.post("/api/auth/login", object{{"login", u.email}, {"password", u.password}}).status, 200);
  std::string upper = u.username;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(client.post("/api/auth/login", object{{"login", upper}, {"password", u.password}}).status, 200);
}

TEST_F(Accounts, login_failure_is_the_same_401_whether_or_not_the_user_exists) {
  auto u = server.register_user("carol");
  auto wrong_password = client.post("/api/auth/login", object{{"login", u.username}, {"password", "not-the-password"}});
  auto no_such_user = client.post("/api/auth/login", object{{"login", "nobody_here"}, {"password", "not-the-password"}});
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(no_such_user.status, 401);
  EXPECT_EQ(wrong_password.json().as_object()["error"], no_such_user.json().as_object()["error"]);
}

TEST_F(Accounts, duplicate_email_or_username_is_409_naming_the_field) {
  auto u = server.register_user("dave");
  auto same_email = client.post("/api/auth/register",
                                object{{"email", u.email}, {"username", "someone_else"}, {"password", "password1"}});
  EXPECT_EQ(same_email.status, 409);
  EXPECT_EQ(same_email.json().as_object()["error"].as_object()["details"].as_object()["field"].as_string(), "email");
  std::string upper = u.username;
  upper[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[0])));
  auto same_name = client.post("/api/auth/register",
                               object{{"email", "other@example.com"}, {"username", upper}, {"password", "password1"}});
  EXPECT_EQ(same_name.status, 409);
  EXPECT_EQ(same_name.json().as_object()["error"].as_object()["details"].as_object()["field"].as_string(), "username");
}

TEST_F(Accounts, registration_validates_each_field) {
  struct Case {
    object body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"email", "not-an-email"}, {"username", "valid_name"}, {"password", "password1"}}, "email"},
      {{{"email", "a@b"}, {"username", "valid_name"}, {"password", "password1"}}, "email"},
      {{{"email", "x@example.com"}, {"username", "ab"}, {"password", "password1"}}, "username"},
      {{{"email", "x@example.com"}, {"username", "bad name!"}, {"password", "password1"}}, "username"},
      {{{"email", "x@example.com"}, {"username", std::string(31, 'a')}, {"password", "password1"}}, "username"},
      {{{"email", "x@example.com"}, {"username", "\xe5\xb0\x8f\xe6\x98\x8e\xe5\x90\x8c"}, {"password", "password1"}}, "username"},
      {{{"email", "x@example.com"}, {"username", "valid_name"}, {"password", "short"}}, "password"},
      {{{"email", "x@example.com"}, {"username", "valid_name"}}, "password"},
      {{{"email", 42}, {"username", "valid_name"}, {"password", "password1"}}, "email"},
  };
  for (const auto& c : cases) {
    auto r = client.post("/api/auth/register", c.body);
    EXPECT_EQ(r.status, 400) << boost::json::serialize(c.body);
    EXPECT_EQ(r.error_code(), "validation_failed");
    EXPECT_EQ(r.json().as_object()["error"].as_object()["details"].as_object()["field"].as_string(), c.field)
        << boost::json::serialize(c.body);
  }
}

TEST_F(Accounts, refresh_rotates_and_a_replayed_token_revokes_the_family) {
  auto u = server.register_user("erin");
  auto first = client.post("/api/auth/refresh", object{{"refresh_token", u.refresh_token}});
  ASSERT_EQ(first.status, 200) << first.body;
  std::string rotated = std::string(first.json().as_object()["refresh_token"].as_string());
  EXPECT_NE(rotated, u.refresh_token);

  // The old token comes back (stolen copy): refused, and the rotated one dies with it.
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", u.refresh_token}}).status, 401);
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", rotated}}).status, 401);

  // Signing in again starts a new, healthy family.
  auto again = server.sign_in(u);
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", again.refresh_token}}).status, 200);
}

TEST_F(Accounts, refresh_works_from_the_cookie_for_browsers) {
  auto u = server.register_user("frank");
  auto r = client.request("POST", "/api/auth/refresh", "", {{"Cookie", "marquee_refresh=" + u.refresh_token}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(Accounts, logout_revokes_the_refresh_token) {
  auto u = server.register_user("gina");
  EXPECT_EQ(client.post("/api/auth/logout", object{{"refresh_token", u.refresh_token}}).status, 204);
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", u.refresh_token}}).status, 401);
  EXPECT_EQ(client.post("/api/auth/logout", object{{"refresh_token", "never-issued"}}).status, 204);
}

TEST_F(Accounts, cookie_authenticates_browsers) {
  auto u = server.register_user("hank");
  auto r = client.request("GET", "/api/me", "", {{"Cookie", "theme=dark; marquee_access=" + u.access_token}});
  EXPECT_EQ(r.status, 200);
}

TEST_F(Accounts, forged_expired_and_alg_none_tokens_get_401) {
  auto u = server.register_user("ivan");
  auto dot1 = u.access_token.find('.'), dot2 = u.access_token.rfind('.');
  std::string payload = *crypto::base64url_decode(u.access_token.substr(dot1 + 1, dot2 - dot1 - 1));
  payload.replace(payload.find("\"user\""), 6, "\"admin\"");
  std::string forged = u.access_token.substr(0, dot1) + "." + crypto::base64url_encode(payload) +
                       u.access_token.substr(dot2);
  std::string none = crypto::base64url_encode(R"({"alg":"none"})") + "." + crypto::base64url_encode(payload) + ".";
  for (const std::string& token : std::vector<std::string>{forged, none, "garbage", u.access_token + "x"}) {
    auto r = client.get("/api/me", token);
    EXPECT_EQ(r.status, 401) << token;
    EXPECT_EQ(r.error_code(), "unauthorized");
  }
  EXPECT_EQ(client.request("GET", "/api/me", "", {{"Authorization", "Basic abc"}}).status, 401);
  // A broken token is refused on public routes too: the client learns its session is bad.
  EXPECT_EQ(client.get("/api/users/" + u.username, "garbage").status, 401);
}

TEST(AccountsExpiry, token_signed_with_the_server_key_is_refused_once_expired) {
  const std::string key = "test-key-test-key-test-key-test-key-0123";
  TestServer server([&](Config& c) { c.jwt_secret = key; });
  auto u = server.register_user("short");
  accounts::Principal who{u.id, u.username, accounts::Role::user, false};
  ManualClock an_hour_ago(wall_clock_ms() - 3'600'000);
  accounts::TokenSigner old_signer(key, 900, an_hour_ago);
  SystemClock now;
  accounts::TokenSigner fresh_signer(key, 900, now);
  const std::string session = fresh_signer.verify(u.access_token)->session_id;  // still open
  EXPECT_EQ(server.client().get("/api/me", fresh_signer.sign(who, session)).status, 200);
  auto r = server.client().get("/api/me", old_signer.sign(who, session));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthorized");
}

TEST_F(Accounts, profile_update_and_public_profile) {
  auto u = server.register_user("jane");
  auto r = client.patch("/api/me",
                        object{{"display_name", "  Jane \xf0\x9f\x8e\xac Doe "}, {"bio", "Films & <b>tags</b>"},
                               {"avatar_url", "https://cdn.example/j.png"}, {"unknown_field", 1}},
                        u.access_token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().as_object()["display_name"].as_string(), "Jane \xf0\x9f\x8e\xac Doe");
  auto pub = client.get("/api/users/" + u.username);
  ASSERT_EQ(pub.status, 200);
  auto profile = pub.json().as_object();
  EXPECT_EQ(profile["bio"].as_string(), "Films & <b>tags</b>");  // plain text, returned as given
  EXPECT_FALSE(profile.contains("email"));
  EXPECT_FALSE(profile.contains("is_premium"));
  EXPECT_EQ(client.get("/api/users/no_such_user").status, 404);

  EXPECT_EQ(client.patch("/api/me", object{{"avatar_url", "javascript:alert(1)"}}, u.access_token).status, 400);
  EXPECT_EQ(client.patch("/api/me", object{{"display_name", std::string(51, 'x')}}, u.access_token).status, 400);
  EXPECT_EQ(client.patch("/api/me", object{{"bio", 7}}, u.access_token).status, 400);
}

TEST_F(Accounts, admins_change_roles_and_premium_others_cannot) {
  auto admin = server.user_with_role("admin", "root");
  auto u = server.register_user("kim");
  auto other = server.register_user("lee");
  EXPECT_EQ(client.patch("/api/admin/users/" + u.id, object{{"role", "creator"}}, other.access_token).status, 403);
  EXPECT_EQ(client.patch("/api/admin/users/" + u.id, object{{"role", "creator"}}).status, 401);
  auto r = client.patch("/api/admin/users/" + u.id, object{{"role", "creator"}, {"is_premium", true}}, admin.access_token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().as_object()["role"].as_string(), "creator");
  EXPECT_EQ(r.json().as_object()["is_premium"].as_bool(), true);
  EXPECT_EQ(client.patch("/api/admin/users/" + u.id, object{{"role", "emperor"}}, admin.access_token).status, 400);
  EXPECT_EQ(client.patch("/api/admin/users/nope", object{{"role", "user"}}, admin.access_token).status, 404);
  // The new role shows in the next token.
  auto again = server.sign_in(u);
  EXPECT_EQ(client.get("/api/me", again.access_token).json().as_object()["role"].as_string(), "creator");
}

}  // namespace
}  // namespace marquee::testing

// Account security as a user and an attacker meet it: two-factor sign-in with an authenticator
// app and recovery codes, the sessions a user sees and ends, sign-in throttling that tells
// nothing about which accounts exist, and an admin's forced password reset.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts/Totp.h"
#include "core/Clock.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr Millis kStart = 1'800'000'000'000;  // a step boundary is 30 s; tests move in whole steps

struct AccountSecurity : ::testing::Test {
  ManualClock clock{kStart};
  TestServer server{{}, &clock};
  const TestClient& client = server.client();

  HttpResult login(const TestUser& user, object extra = {}, const std::string& password = "") {
    object body{{"login", user.username}, {"password", password.empty() ? user.password : password}};
    for (auto& [k, v] : extra) body[k] = v;
    return client.post("/api/auth/login", body);
  }
  HttpResult login_as(const TestUser& user, const std::string& user_agent) {
    return client.request("POST", "/api/auth/login",
                          boost::json::serialize(object{{"login", user.username}, {"password", user.password}}),
                          {{"Content-Type", "application/json"}, {"User-Agent", user_agent}});
  }
  std::string code_now(const std::string& secret_base32) {
    return accounts::totp_code(*accounts::base32_decode(secret_base32), clock.now_ms() / 1000 / 30);
  }
  void next_step() { clock.advance(30'000); }
};

TEST_F(AccountSecurity, TwoFactorSignInWithAnAuthenticatorAppAndRecoveryCodes) {
  TestUser ada = server.register_user("ada");
  const auto begun = client.post("/api/me/2fa/totp", object{}, ada.access_token);
  ASSERT_EQ(begun.status, 201) << begun.body;
  const std::string secret(begun.json().at("secret").as_string());
  const std::string uri(begun.json().at("otpauth_uri").as_string());
  EXPECT_EQ(accounts::base32_decode(secret)->size(), 20u);
  EXPECT_TRUE(uri.starts_with("otpauth://totp/Marquee:" + ada.username + "?secret=" + secret)) << uri;
  // Not on until confirmed: sign-in still needs the password only.
  EXPECT_EQ(login(ada).status, 200);

  const auto wrong = client.post("/api/me/2fa/totp/confirm", object{{"code", "000000"}, {"password", ada.password}},
                                 ada.access_token);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.error_code(), "totp_invalid");
  // A stolen access token alone cannot tie the account to an attacker's authenticator.
  EXPECT_EQ(client.post("/api/me/2fa/totp/confirm", object{{"code", code_now(secret)}}, ada.access_token).status, 400);
  EXPECT_EQ(client.post("/api/me/2fa/totp/confirm", object{{"code", code_now(secret)}, {"password", "wrong-password"}},
                        ada.access_token)
                .status,
            403);
  const auto confirmed = client.post("/api/me/2fa/totp/confirm",
                                     object{{"code", code_now(secret)}, {"password", ada.password}}, ada.access_token);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const boost::json::value confirmed_body = confirmed.json();
  const auto& recovery = confirmed_body.at("recovery_codes").as_array();
  ASSERT_EQ(recovery.size(), 10u);
  EXPECT_TRUE(client.get("/api/me", ada.access_token).json().at("two_factor").as_bool());
  // A second enrolment needs the first turned off.
  EXPECT_EQ(client.post("/api/me/2fa/totp", object{}, ada.access_token).status, 409);

  // The password alone: 401 totp_required, which says the password was right and nothing else.
  const auto needs_code = login(ada);
  EXPECT_EQ(needs_code.status, 401);
  EXPECT_EQ(needs_code.error_code(), "totp_required");
  // A wrong password with a second factor still reads as a wrong password.
  EXPECT_EQ(login(ada, {{"totp", code_now(secret)}}, "not-the-password").error_code(), "unauthorized");
  EXPECT_EQ(login(ada, {{"totp", "123 456"}}).error_code(), "totp_invalid");

  // The code of the step the enrolment used is spent; the next step's works once.
  next_step();
  const std::string code = code_now(secret);
  EXPECT_EQ(login(ada, {{"totp", code}}).status, 200);
  const auto replay = login(ada, {{"totp", code}});
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(replay.error_code(), "totp_invalid");
  // Codes from 30 s ago or ahead are accepted (clock drift); a minute old is not.
  next_step();
  const std::string previous = code_now(secret);
  next_step();
  EXPECT_EQ(login(ada, {{"totp", previous}}).status, 200);
  next_step();
  next_step();
  EXPECT_EQ(login(ada, {{"totp", code_now(secret)}}).status, 200);

  // A recovery code, typed in upper case without its dash, signs in once.
  std::string spare(recovery[0].as_string());
  std::string typed;
  for (char c : spare) {
    if (c != '-') typed += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  EXPECT_EQ(login(ada, {{"totp", typed}}).status, 200);
  EXPECT_EQ(login(ada, {{"totp", spare}}).error_code(), "totp_invalid");

  // Turning it off takes the password and a code: a stolen access token alone cannot.
  const std::string another(recovery[1].as_string());
  EXPECT_EQ(client.request("DELETE", "/api/me/2fa/totp", R"({"password":"wrong-password","totp":")" + another + "\"}",
                           {{"Authorization", "Bearer " + ada.access_token}, {"Content-Type", "application/json"}})
                .status,
            403);
  EXPECT_EQ(client.request("DELETE", "/api/me/2fa/totp", R"({"password":")" + ada.password + R"(","totp":"000000"})",
                           {{"Authorization", "Bearer " + ada.access_token}, {"Content-Type", "application/json"}})
                .status,
            401);
  EXPECT_EQ(client.request("DELETE", "/api/me/2fa/totp",
                           R"({"password":")" + ada.password + R"(","totp":")" + another + "\"}",
                           {{"Authorization", "Bearer " + ada.access_token}, {"Content-Type", "application/json"}})
                .status,
            204);
  EXPECT_FALSE(client.get("/api/me", ada.access_token).json().at("two_factor").as_bool());
  EXPECT_EQ(login(ada).status, 200);
}

TEST_F(AccountSecurity, AUserSeesTheirSessionsAndEndsThem) {
  TestUser ada = server.register_user("ada");
  const auto phone = login_as(ada, "Phone/1.0");
  const auto laptop = login_as(ada, "Laptop/2.0\r\nX-Injected: 1");
  ASSERT_EQ(phone.status, 200);
  ASSERT_EQ(laptop.status, 200);
  const std::string phone_token(phone.json().at("access_token").as_string());
  const std::string laptop_token(laptop.json().at("access_token").as_string());
  const std::string phone_refresh(phone.json().at("refresh_token").as_string());

  clock.advance(5'000);
  const auto listed = client.get("/api/me/sessions", laptop_token);
  ASSERT_EQ(listed.status, 200);
  const auto items = listed.json().at("items").as_array();
  ASSERT_EQ(items.size(), 3u);  // registration, phone, laptop
  std::string phone_session;
  int current = 0;
  for (const auto& item : items) {
    const auto& s = item.as_object();
    current += s.at("current").as_bool();
    EXPECT_EQ(s.at("ip_address").as_string(), "127.0.0.1");
    if (s.at("user_agent").as_string() == "Phone/1.0") phone_session = std::string(s.at("id").as_string());
    if (s.at("current").as_bool()) EXPECT_EQ(s.at("user_agent").as_string().find('\n'), std::string::npos);
  }
  EXPECT_EQ(current, 1);
  ASSERT_FALSE(phone_session.empty());

  // Another account cannot end it; its owner can, and its tokens stop at once.
  TestUser mallory = server.register_user("mallory");
  EXPECT_EQ(client.del("/api/me/sessions/" + phone_session, mallory.access_token).status, 404);
  EXPECT_EQ(client.get("/api/me", phone_token).status, 200);
  EXPECT_EQ(client.del("/api/me/sessions/" + phone_session, laptop_token).status, 204);
  EXPECT_EQ(client.get("/api/me", phone_token).status, 401);
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", phone_refresh}}).status, 401);
  EXPECT_EQ(client.del("/api/me/sessions/" + phone_session, laptop_token).status, 404);  // already ended

  // Everything but this one.
  EXPECT_EQ(client.del("/api/me/sessions", laptop_token).status, 204);
  EXPECT_EQ(client.get("/api/me", ada.access_token).status, 401);
  EXPECT_EQ(client.get("/api/me", laptop_token).status, 200);
  const auto left = client.get("/api/me/sessions", laptop_token).json().at("items").as_array();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_TRUE(left[0].at("current").as_bool());
  // A refresh keeps the session and marks its last use.
  const std::string laptop_refresh(laptop.json().at("refresh_token").as_string());
  clock.advance(60'000);
  const auto refreshed = client.post("/api/auth/refresh", object{{"refresh_token", laptop_refresh}});
  ASSERT_EQ(refreshed.status, 200);
  const auto after = client.get("/api/me/sessions", std::string(refreshed.json().at("access_token").as_string()));
  ASSERT_EQ(after.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(after.json().at("items").as_array()[0].at("last_used_at").as_string(), to_rfc3339(clock.now_ms()));
}

TEST_F(AccountSecurity, FailedSignInsSlowDownWithoutTellingWhichAccountsExist) {
  TestUser ada = server.register_user("ada");
  for (int i = 0; i < 5; ++i) {
    const auto real = login(ada, {}, "wrong-password");
    const auto ghost = client.post("/api/auth/login", object{{"login", "no_such_user"}, {"password", "wrong-password"}});
    ASSERT_EQ(real.status, 401);
    ASSERT_EQ(ghost.status, 401);
    EXPECT_EQ(real.json().at("error").at("message"), ghost.json().at("error").at("message"));
  }
  // The sixth try is refused before the password is looked at: the right one does not help.
  const auto throttled = login(ada);
  const auto ghost = client.post("/api/auth/login", object{{"login", "no_such_user"}, {"password", "wrong-password"}});
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(ghost.status, 429);
  EXPECT_EQ(throttled.json().at("error").at("message"), ghost.json().at("error").at("message"));
  EXPECT_EQ(throttled.headers.get("Retry-After").value_or(""), "60");
  // Other accounts are not affected; after a minute, one more try.
  TestUser bob = server.register_user("bob");
  EXPECT_EQ(login(bob).status, 200);
  clock.advance(60'000);
  EXPECT_EQ(login(ada).status, 200);
  // Slower still after 20 failures in a short while: one every 15 minutes. A try a minute
  // (what the first tier allows) reaches it in about 17 minutes.
  int minutes = 0;
  HttpResult slower;
  while (minutes < 30) {
    clock.advance(60'000);
    ++minutes;
    slower = login(ada, {}, "wrong-password");
    if (slower.status == 429) break;
    ASSERT_EQ(slower.status, 401);
  }
  EXPECT_EQ(slower.status, 429);
  EXPECT_GE(minutes, 14);
  EXPECT_GT(std::stoi(std::string(slower.headers.get("Retry-After").value_or("0"))), 60);
}

TEST(AccountSecurityFromAddresses, AStrangerCannotLockAnAccountOutFromEveryAddress) {
  TestServer server([](Config& c) { c.trusted_proxies = {"127.0.0.1"}; });
  const TestClient& client = server.client();
  TestUser ada = server.register_user("ada");
  auto login_from = [&](const std::string& address, const std::string& password) {
    return client.request("POST", "/api/auth/login",
                          boost::json::serialize(object{{"login", ada.username}, {"password", password}}),
                          {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}});
  };
  for (int i = 0; i < 5; ++i) ASSERT_EQ(login_from("203.0.113.66", "wrong-password").status, 401);
  EXPECT_EQ(login_from("203.0.113.66", ada.password).status, 429);  // the guesser's address waits
  EXPECT_EQ(login_from("198.51.100.5", ada.password).status, 200);  // the owner's does not
}

TEST_F(AccountSecurity, AnAdminCanForceAPasswordReset) {
  TestUser admin = server.user_with_role("admin", "root");
  TestUser ada = server.register_user("ada");
  EXPECT_EQ(client.post("/api/admin/users/" + ada.id + "/password-reset", object{}, ada.access_token).status, 403);
  ASSERT_EQ(client.post("/api/admin/users/" + ada.id + "/password-reset", object{}, admin.access_token).status, 204);
  EXPECT_EQ(client.get("/api/me", ada.access_token).status, 401);  // every session ended
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", ada.refresh_token}}).status, 401);

  const auto asked = login(ada);
  EXPECT_EQ(asked.status, 403);
  EXPECT_EQ(asked.error_code(), "password_reset_required");
  EXPECT_EQ(login(ada, {{"new_password", "short"}}).status, 400);
  EXPECT_EQ(login(ada, {{"new_password", ada.password}}).status, 400);
  EXPECT_EQ(login(ada, {{"new_password", "a-brand-new-password"}}, "wrong-password").status, 401);
  const auto changed = login(ada, {{"new_password", "a-brand-new-password"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(login(ada).status, 401);  // the old password is gone
  EXPECT_EQ(login(ada, {}, "a-brand-new-password").status, 200);
  const auto audit = client.get("/api/admin/audit?target=" + ada.id, admin.access_token);
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("account.password_reset"), std::string::npos);
}

}  // namespace
}  // namespace marquee::testing

// What another web site can do with a visitor's browser: read nothing with the visitor's
// cookies, change nothing with them (CSRF), and send no JSON route a body a form could post.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct BrowserSecurity : ::testing::Test {
  TestServer server{[](Config& c) { c.cors_origins = {"*", "https://app.example"}; }};
  const TestClient& client = server.client();
  TestUser victim = server.register_user("victim");

  std::string cookie() const { return "marquee_access=" + victim.access_token; }
  std::string self() const { return "http://127.0.0.1:" + std::to_string(client.port()); }

  std::size_t playlists() const {
    return client.get("/api/me/playlists", victim.access_token).json().at("items").as_array().size();
  }

  HttpResult post_playlist(Fields headers, const std::string& body = R"({"title":"mine"})") {
    return client.request("POST", "/api/playlists", body, headers);
  }
};

TEST_F(BrowserSecurity, another_origin_never_reads_with_the_visitors_cookie) {
  for (std::string origin : {"https://evil.example", "null"}) {
    auto r = client.request("GET", "/api/me", "", {{"Origin", origin}, {"Cookie", cookie()}});
    // The answer is public-readable at most: with credentials withheld, the browser drops it.
    EXPECT_EQ(*r.headers.get("Access-Control-Allow-Origin"), "*") << origin;
    EXPECT_FALSE(r.headers.get("Access-Control-Allow-Credentials")) << origin;
  }
  auto listed = client.request("GET", "/api/me", "", {{"Origin", "https://app.example"}, {"Cookie", cookie()}});
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(*listed.headers.get("Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_EQ(*listed.headers.get("Access-Control-Allow-Credentials"), "true");

  auto preflight = client.request("OPTIONS", "/api/videos/abc", "",
                                  {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "PUT"},
                                   {"Access-Control-Request-Headers", "x-anything"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(*preflight.headers.get("Access-Control-Allow-Methods"), "DELETE, GET, HEAD, OPTIONS, PATCH");
  EXPECT_EQ(preflight.headers.get("Access-Control-Allow-Headers")->find("x-anything"), std::string_view::npos);
}

TEST_F(BrowserSecurity, a_form_or_text_body_never_reaches_a_json_route) {
  // A cross-site form or a no-preflight fetch can send these three content types only.
  const std::size_t before = playlists();
  for (std::string type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b"}) {
    auto r = post_playlist({{"Cookie", cookie()}, {"Content-Type", type}});
    EXPECT_EQ(r.status, 415) << type << ": " << r.body;
    EXPECT_EQ(r.error_code(), "unsupported_media_type");
  }
  EXPECT_EQ(playlists(), before);
}

TEST_F(BrowserSecurity, cookie_authenticated_changes_must_come_from_this_site_or_a_listed_origin) {
  const Fields json = {{"Cookie", cookie()}, {"Content-Type", "application/json"}};
  const std::size_t before = playlists();
  auto with = [&](Fields extra) {
    Fields all = json;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  for (std::string origin : {"https://evil.example", "null", "https://app.example.evil.example"}) {
    auto r = post_playlist(with({{"Origin", origin}}));
    EXPECT_EQ(r.status, 403) << origin << ": " << r.body;
  }
  EXPECT_EQ(post_playlist(with({{"Sec-Fetch-Site", "cross-site"}})).status, 403);
  EXPECT_EQ(post_playlist(with({{"Origin", self()}})).status, 201);
  EXPECT_EQ(post_playlist(with({{"Origin", "https://app.example"}})).status, 201);
  EXPECT_EQ(post_playlist(with({{"Sec-Fetch-Site", "same-origin"}})).status, 201);
  EXPECT_EQ(post_playlist(json).status, 201);  // no browser sent this
  // A bearer token cannot be attached by another site: the Origin does not matter.
  EXPECT_EQ(post_playlist({{"Authorization", "Bearer " + victim.access_token}, {"Content-Type", "application/json"},
                           {"Origin", "https://evil.example"}})
                .status,
            201);
  // The refresh cookie likewise: no cross-site sign-out or token rotation.
  auto logout = client.request("POST", "/api/auth/logout", "",
                               {{"Cookie", "marquee_refresh=" + victim.refresh_token}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(logout.status, 403) << logout.body;
  EXPECT_EQ(client.get("/api/me", victim.access_token).status, 200);
  EXPECT_EQ(playlists(), before + 5);
}

}  // namespace
}  // namespace marquee::testing

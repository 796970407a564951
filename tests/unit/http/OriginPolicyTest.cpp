// Which origins may read answers, and which requests a cookie may authorize (CSRF defence).
#include <gtest/gtest.h>

#include "http/OriginPolicy.h"

namespace marquee::http {
namespace {

Request request(Method method, std::initializer_list<std::pair<const char*, const char*>> headers) {
  Request r;
  r.method = method;
  for (const auto& [k, v] : headers) r.headers.add(k, v);
  return r;
}

TEST(OriginPolicy, star_is_any_origin_without_credentials_and_names_are_listed) {
  OriginPolicy star({"*"});
  EXPECT_TRUE(star.any());
  EXPECT_FALSE(star.listed("https://evil.example"));
  OriginPolicy named({"https://app.example/", "https://admin.example"});
  EXPECT_FALSE(named.any());
  EXPECT_TRUE(named.listed("https://app.example"));  // a trailing slash in the setting is forgiven
  EXPECT_TRUE(named.listed("https://admin.example"));
  EXPECT_FALSE(named.listed("https://app.example.evil.example"));
  EXPECT_FALSE(named.listed("null"));
  OriginPolicy with_public_url({}, "https://video.example/base/");
  EXPECT_TRUE(with_public_url.listed("https://video.example"));
  EXPECT_FALSE(with_public_url.any());
}

TEST(OriginPolicy, cookies_authorize_changes_only_from_this_site_or_a_listed_origin) {
  OriginPolicy policy({"*", "https://app.example"});
  // Reads are never refused: they change nothing, and CORS keeps their answers from others.
  EXPECT_TRUE(policy.cookie_may_authorize(request(Method::GET, {{"Origin", "https://evil.example"}})));
  // The site itself, with or without the scheme's default port.
  EXPECT_TRUE(policy.cookie_may_authorize(
      request(Method::POST, {{"Host", "video.example"}, {"Origin", "https://video.example"}})));
  EXPECT_TRUE(policy.cookie_may_authorize(
      request(Method::POST, {{"Host", "video.example:443"}, {"Origin", "https://video.example"}})));
  EXPECT_TRUE(policy.cookie_may_authorize(
      request(Method::DELETE, {{"Host", "127.0.0.1:8080"}, {"Origin", "http://127.0.0.1:8080"}})));
  EXPECT_TRUE(policy.cookie_may_authorize(
      request(Method::PATCH, {{"Host", "api.example"}, {"Origin", "https://app.example"}})));  // listed
  // Anyone else, the opaque "null" origin and junk are refused.
  for (const char* origin : {"https://evil.example", "null", "https://video.example.evil.example", "video.example",
                             "https://user@video.example", ""}) {
    EXPECT_FALSE(policy.cookie_may_authorize(request(Method::POST, {{"Host", "video.example"}, {"Origin", origin}})))
        << origin;
  }
  EXPECT_FALSE(policy.cookie_may_authorize(
      request(Method::POST, {{"Host", "video.example:8080"}, {"Origin", "https://video.example"}})));
  // No Origin: Fetch metadata decides; neither header means no browser sent it.
  EXPECT_FALSE(policy.cookie_may_authorize(request(Method::POST, {{"Sec-Fetch-Site", "cross-site"}})));
  EXPECT_FALSE(policy.cookie_may_authorize(request(Method::POST, {{"Sec-Fetch-Site", "same-site"}})));
  EXPECT_TRUE(policy.cookie_may_authorize(request(Method::POST, {{"Sec-Fetch-Site", "same-origin"}})));
  EXPECT_TRUE(policy.cookie_may_authorize(request(Method::POST, {})));

  // Served over HTTPS only (auth.cookie_secure): the same host over plain http is not the site.
  OriginPolicy secure({"*"}, "", true);
  EXPECT_TRUE(secure.cookie_may_authorize(request(Method::POST, {{"Host", "video.example"}, {"Origin", "https://video.example"}})));
  EXPECT_FALSE(secure.cookie_may_authorize(request(Method::POST, {{"Host", "video.example"}, {"Origin", "http://video.example"}})));
}

}  // namespace
}  // namespace marquee::http

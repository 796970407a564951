// Route matching as clients experience it: parameters, precedence, 404 versus 405.
#include <gtest/gtest.h>

#include "http/Router.h"

namespace marquee::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) { return Response::text(200, name); };
}

Router sample_router() {
  Router r;
  r.add(Method::GET, "/api/videos", named("list"), {});
  r.add(Method::POST, "/api/videos", named("create"), {});
  r.add(Method::GET, "/api/videos/{id}", named("get"), {});
  r.add(Method::PATCH, "/api/videos/{id}", named("patch"), {});
  r.add(Method::GET, "/api/videos/feed", named("feed"), {});
  r.add(Method::GET, "/media/{id}/{file*}", named("media"), {});
  return r;
}

std::string run(const Router& r, Method m, std::string_view path) {
  auto match = r.match(m, path);
  if (!match.route) return match.allowed.empty() ? "404" : "405";
  Request req;
  return match.route->handler(req).body;
}

TEST(Router, matches_literal_and_parameter_routes) {
  auto r = sample_router();
  EXPECT_EQ(run(r, Method::GET, "/api/videos"), "list");
  EXPECT_EQ(run(r, Method::POST, "/api/videos"), "create");
  auto match = r.match(Method::GET, "/api/videos/abc123");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.params.at("id"), "abc123");
}

TEST(Router, literal_segment_beats_parameter) {
  auto r = sample_router();
  EXPECT_EQ(run(r, Method::GET, "/api/videos/feed"), "feed");
  EXPECT_EQ(run(r, Method::GET, "/api/videos/feedx"), "get");
}

TEST(Router, rest_parameter_takes_the_remaining_path) {
  auto r = sample_router();
  auto match = r.match(Method::GET, "/media/v1/hls/720p/seg_001.m4s");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.params.at("id"), "v1");
  EXPECT_EQ(match.params.at("file"), "hls/720p/seg_001.m4s");
  EXPECT_FALSE(r.match(Method::GET, "/media/v1").route);
}

TEST(Router, unknown_path_is_404_and_wrong_method_is_405_with_allowed_methods) {
  auto r = sample_router();
  EXPECT_EQ(run(r, Method::GET, "/api/nothing"), "404");
  EXPECT_EQ(run(r, Method::GET, "/api/videos/a/b"), "404");
  EXPECT_EQ(run(r, Method::GET, "/api/videos/"), "404");
  auto match = r.match(Method::DELETE, "/api/videos/abc");
  EXPECT_FALSE(match.route);
  ASSERT_EQ(match.allowed.size(), 2u);
}

TEST(Router, head_falls_back_to_get) {
  auto r = sample_router();
  EXPECT_EQ(run(r, Method::HEAD, "/api/videos/x"), "get");
}

TEST(Router, duplicate_routes_are_a_programming_error) {
  Router r;
  r.add(Method::GET, "/a", named("a"), {});
  EXPECT_THROW(r.add(Method::GET, "/a", named("b"), {}), std::invalid_argument);
  EXPECT_THROW(r.add(Method::GET, "no-slash", named("b"), {}), std::invalid_argument);
}

}  // namespace
}  // namespace marquee::http

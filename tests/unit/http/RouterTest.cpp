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

TEST(Router, parameters_in_the_second_segment_and_open_ended_routes_are_found_beside_indexed_ones) {
  Router r;
  r.add(Method::GET, "/api/videos/{id}", named("video"), {});
  r.add(Method::GET, "/api/{kind}/{id}", named("any kind"), {});
  r.add(Method::GET, "/{section}", named("section"), {});
  r.add(Method::GET, "/media/videos/{file*}", named("video media"), {});
  r.add(Method::GET, "/media/{id}/{file*}", named("media"), {});
  EXPECT_EQ(run(r, Method::GET, "/api/videos/a"), "video");
  EXPECT_EQ(run(r, Method::GET, "/api/channels/a"), "any kind");
  EXPECT_EQ(run(r, Method::GET, "/watch"), "section");
  EXPECT_EQ(run(r, Method::GET, "/media/videos/a/b/c"), "video media");
  EXPECT_EQ(run(r, Method::GET, "/media/x/a"), "media");
  EXPECT_EQ(run(r, Method::GET, "/media/x"), "404");
  EXPECT_THROW(r.add(Method::GET, "/files/{path*}/raw", named("bad"), {}), std::invalid_argument);
}

// The specificity rule, spelled out the slow way: the route whose literal segments come
// earliest wins; {name*} takes one segment or more; on a tie a route of exactly the path's
// length beats one ending in {name*}, then the one added first wins.
const Route* reference_match(const Router& r, Method method, const std::vector<std::string>& parts) {
  const Route* best = nullptr;
  std::string best_key;
  bool best_rest = false;
  for (const auto& route : r.routes()) {
    if (route.method != method) continue;
    const auto& segs = route.segments;
    const bool rest = !segs.empty() && segs.back().ends_with("*}");
    if (rest ? parts.size() < segs.size() : parts.size() != segs.size()) continue;
    std::string key;  // '1' for a literal, '0' for a parameter, position by position
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      const bool param = segs[i].front() == '{';
      if (!param && segs[i] != parts[i]) ok = false;
      const bool takes_rest = rest && i + 1 == segs.size();  // it may start with an empty segment
      if (param && !takes_rest && parts[i].empty()) ok = false;
      key += param ? '0' : '1';
    }
    key.resize(32, '0');
    if (ok && (!best || key > best_key || (key == best_key && best_rest && !rest))) {
      best = &route;
      best_key = key;
      best_rest = rest;
    }
  }
  return best;
}

TEST(Router, the_index_finds_what_a_scan_of_every_route_finds) {
  const std::vector<std::string> words{"api", "videos", "feed", "a", "{id}", "{x}"};
  Router r;
  std::uint32_t state = 12345;
  auto next = [&state](std::uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % n;
  };
  for (int i = 0; i < 300; ++i) {
    std::string pattern;
    const auto count = 1 + next(4);
    for (std::uint32_t s = 0; s < count; ++s) pattern += "/" + words[next(words.size())];
    if (next(5) == 0) pattern += "/{rest*}";
    try {
      r.add(next(2) ? Method::GET : Method::POST, pattern, named(pattern), {});
    } catch (const std::invalid_argument&) {  // drawn twice
    }
  }
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> parts;
    std::string path;
    const auto count = 1 + next(5);
    for (std::uint32_t s = 0; s < count; ++s) {
      parts.push_back(std::vector<std::string>{"api", "videos", "feed", "a", "b", ""}[next(6)]);
      path += "/" + parts.back();
    }
    const Route* expected = reference_match(r, Method::GET, parts);
    const Route* found = r.match(Method::GET, path).route;
    ASSERT_EQ(found ? found->pattern : "none", expected ? expected->pattern : "none") << path;
  }
}

}  // namespace
}  // namespace marquee::http

// /api/openapi.json describes exactly the routes the server answers: every routed
// (method, path) is documented, every documented one is routed, and every schema
// reference resolves.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <set>

#include "http/Router.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void collect_refs(const boost::json::value& v, std::set<std::string>& refs) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) {
      if (k == "$ref" && child.is_string()) refs.insert(std::string(child.as_string()));
      collect_refs(child, refs);
    }
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) collect_refs(child, refs);
  }
}

TEST(OpenApi, document_and_router_agree_both_ways) {
  TestServer server;
  auto r = server.client().get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = r.json().as_object();
  EXPECT_EQ(doc["openapi"].as_string(), "3.1.0");
  const auto& paths = doc["paths"].as_object();

  std::set<std::pair<std::string, std::string>> routed, documented;
  for (const auto& route : server.app().router().routes()) {
    std::string path = route.pattern;
    if (auto star = path.find("*}"); star != std::string::npos) path.erase(star, 1);
    routed.insert({lower(http::method_name(route.method)), path});
  }
  for (const auto& [path, item] : paths) {
    for (const auto& [method, op] : item.as_object()) {
      documented.insert({std::string(method), std::string(path)});
      EXPECT_FALSE(op.as_object().at("summary").as_string().empty()) << method << " " << path;
      EXPECT_TRUE(op.as_object().contains("x-access")) << method << " " << path;
    }
  }
  for (const auto& entry : routed) EXPECT_TRUE(documented.count(entry)) << "undocumented: " << entry.first << " " << entry.second;
  for (const auto& entry : documented) EXPECT_TRUE(routed.count(entry)) << "not routed: " << entry.first << " " << entry.second;
  EXPECT_GE(routed.size(), 15u);

  std::set<std::string> refs;
  collect_refs(doc, refs);
  const auto& schemas = doc["components"].as_object()["schemas"].as_object();
  for (const auto& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/components/schemas/")) << ref;
    EXPECT_TRUE(schemas.contains(ref.substr(21))) << "dangling " << ref;
  }
}

}  // namespace
}  // namespace marquee::testing

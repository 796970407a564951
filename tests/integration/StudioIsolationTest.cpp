// The studio is private to its owner: every id of one account's studio, walked with another
// account's token, is not found (404), and signing refuses it item by item, exactly as it
// refuses ids that do not exist.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "app/App.h"
#include "db/Database.h"
#include "support/Eventually.h"
#include "support/StudioFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

TEST(StudioIsolation, EveryStudioIdOfOneAccountIsNotFoundToAnother) {
  TestServer server;
  const auto& client = server.client();
  auto a = server.register_user("alice");
  auto b = server.register_user("bob");
  server.app().database().execute(
      "INSERT INTO credit_transactions (id, user_id, amount, kind, reference, created_at) VALUES ('g1', ?, 5, 'grant', 'g1', 1)",
      {a.id});

  // Alice's studio: a project, a ready clip, a compile, a payment, ledger entries.
  auto project = client.post("/api/studio/projects", object{{"title", "Alice's"}, {"width", 256}, {"height", 144}},
                             a.access_token);
  ASSERT_EQ(project.status, 201);
  const std::string p(project.json().as_object()["id"].as_string());
  auto added = client.request("POST", "/api/studio/projects/" + p + "/clips?duration_ms=1000",
                              make_image("testsrc2", 320, 240, "jpg"),
                              {{"Authorization", "Bearer " + a.access_token}, {"Content-Type", "image/jpeg"}});
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string c(added.json().as_object()["id"].as_string());
  ASSERT_TRUE(eventually(
      [&] {
        return client.get("/api/studio/projects/" + p + "/clips/" + c, a.access_token).json().as_object()["status"] ==
               "ready";
      },
      std::chrono::seconds(60)));
  auto compiled = client.post("/api/studio/projects/" + p + "/compile", object{{"clip_ids", boost::json::array{c}}},
                              a.access_token);
  ASSERT_EQ(compiled.status, 202) << compiled.body;
  const std::string f(compiled.json().as_object()["id"].as_string());
  ASSERT_TRUE(eventually(
      [&] { return client.get("/api/studio/final-videos/" + f, a.access_token).json().as_object()["status"] == "ready"; },
      std::chrono::seconds(60)));
  server.app().database().execute(
      "INSERT INTO credit_packs (id, name, credits, amount_cents, currency, active, created_at, updated_at) "
      "VALUES ('pk', 'Pack', 5, 100, 'usd', 1, 1, 1)");
  server.app().database().execute(
      "INSERT INTO payments (id, user_id, pack_id, provider, credits, amount_cents, currency, status, created_at, "
      "updated_at) VALUES ('pay1', ?, 'pk', 'stripe', 5, 100, 'usd', 'paid', 1, 1)",
      {a.id});

  const std::string clip_path = "/api/studio/projects/" + p + "/clips/" + c;
  const std::vector<std::tuple<std::string, std::string, std::string>> calls{
      {"GET", "/api/studio/projects/" + p, ""},
      {"PATCH", "/api/studio/projects/" + p, R"({"title":"mine now"})"},
      {"DELETE", "/api/studio/projects/" + p, ""},
      {"GET", "/api/studio/projects/" + p + "/clips", ""},
      {"PATCH", "/api/studio/projects/" + p + "/clips/order", R"({"clip_ids":[")" + c + R"("]})"},
      {"GET", clip_path, ""},
      {"PATCH", clip_path, R"({"approved":true})"},
      {"POST", clip_path + "/regenerate", "{}"},
      {"DELETE", clip_path, ""},
      {"POST", "/api/studio/projects/" + p + "/compile", R"({"clip_ids":[")" + c + R"("]})"},
      {"GET", "/api/studio/projects/" + p + "/final-videos", ""},
      {"GET", "/api/studio/final-videos/" + f, ""},
      {"GET", "/api/billing/payments/pay1", ""},
      // Files by id without a signature.
      {"GET", "/api/media/clip_image/" + c, ""},
      {"GET", "/api/media/clip_video/" + c, ""},
      {"GET", "/api/media/final_video/" + f, ""},
  };
  for (const auto& [method, target, body] : calls) {
    std::vector<std::pair<std::string, std::string>> headers{{"Authorization", "Bearer " + b.access_token}};
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    auto r = client.request(method, target, body, headers);
    EXPECT_EQ(r.status, 404) << method << " " << target << ": " << r.body;
  }
  // Signing: refused item by item, the same as for ids that exist nowhere.
  auto signed_urls = client.post("/api/media/sign",
                                 object{{"items", boost::json::array{object{{"kind", "clip_image"}, {"id", c}},
                                                                     object{{"kind", "clip_video"}, {"id", c}},
                                                                     object{{"kind", "final_video"}, {"id", f}},
                                                                     object{{"kind", "final_video"}, {"id", "nowhere"}}}}},
                                 b.access_token);
  ASSERT_EQ(signed_urls.status, 200);
  const auto refused = signed_urls.json();
  for (const auto& item : refused.as_object().at("items").as_array()) {
    EXPECT_TRUE(item.as_object().at("url").is_null()) << boost::json::serialize(item);
    EXPECT_EQ(item.as_object().at("error"), "not_found");
  }
  // Bob's ledger and payments hold nothing of Alice's.
  std::set<std::string> alice_entries;
  const auto alice_ledger = client.get("/api/me/credits", a.access_token).json();
  for (const auto& e : alice_ledger.as_object().at("items").as_array()) {
    alice_entries.insert(std::string(e.as_object().at("id").as_string()));
  }
  EXPECT_GE(alice_entries.size(), 3u);
  const auto bob_ledger = client.get("/api/me/credits", b.access_token).json();
  for (const auto& e : bob_ledger.as_object().at("items").as_array()) {
    EXPECT_FALSE(alice_entries.contains(std::string(e.as_object().at("id").as_string())));
  }
  EXPECT_TRUE(client.get("/api/billing/payments", b.access_token).json().as_object()["items"].as_array().empty());
  EXPECT_TRUE(client.get("/api/studio/projects", b.access_token).json().as_object()["items"].as_array().empty());
  // Nothing Bob did reached Alice's studio.
  auto still = client.get("/api/studio/projects/" + p, a.access_token);
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(still.json().as_object()["title"], "Alice's");
  EXPECT_EQ(client.get(clip_path, a.access_token).json().as_object()["approved"], false);
  // The owner signs them all.
  auto own = client.post("/api/media/sign",
                         object{{"items", boost::json::array{object{{"kind", "clip_image"}, {"id", c}},
                                                            object{{"kind", "final_video"}, {"id", f}}}}},
                         a.access_token);
  const auto owned = own.json();
  for (const auto& item : owned.as_object().at("items").as_array()) {
    const std::string url(item.as_object().at("url").as_string());
    EXPECT_EQ(client.get(url).status, 200) << url;
  }
}

}  // namespace
}  // namespace marquee::testing

// The creator studio as a creator meets it (docs/studio.md): projects that are theirs alone,
// photos that become clips of the project's frame with real ffmpeg, upright and stripped of
// their metadata, never a black border, and credits that pay for each generation exactly.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <thread>

#include "app/App.h"
#include "blob/BlobStore.h"
#include "db/Database.h"
#include "support/Eventually.h"
#include "support/MediaFixtures.h"
#include "support/RunCommand.h"
#include "support/ScreenedVideos.h"
#include "support/StudioFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

class Studio : public ::testing::Test {
 protected:
  TestServer server;
  const TestClient& client() { return server.client(); }

  std::string create_project(const TestUser& user, object body = {{"title", "Summer"}}) {
    auto r = client().post("/api/studio/projects", body, user.access_token);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().as_object()["id"].as_string());
  }

  HttpResult post_photo(const TestUser& user, const std::string& project, const std::string& bytes,
                        const std::string& query = "", const std::string& type = "image/jpeg") {
    return client().request("POST", "/api/studio/projects/" + project + "/clips" + query, bytes,
                            {{"Authorization", "Bearer " + user.access_token}, {"Content-Type", type}});
  }

  object settled_clip(const TestUser& user, const std::string& project, const std::string& clip) {
    object last;
    const bool settled = eventually(
        [&] {
          auto r = client().get("/api/studio/projects/" + project + "/clips/" + clip, user.access_token);
          last = r.json().as_object();
          return last["status"].as_string() != "generating";
        },
        std::chrono::seconds(60));
    EXPECT_TRUE(settled) << boost::json::serialize(last);
    return last;
  }

  std::int64_t balance(const TestUser& user) {
    return client().get("/api/me/credits", user.access_token).json().as_object()["balance"].as_int64();
  }

  void grant(const TestUser& user, std::int64_t credits, const std::string& reference) {
    server.app().database().execute(
        "INSERT INTO credit_transactions (id, user_id, amount, kind, reference, created_at) VALUES (?, ?, ?, 'grant', ?, 1)",
        {reference, user.id, credits, reference});
  }

  std::string fetch(const std::string& url) {
    auto r = client().get(url);
    EXPECT_EQ(r.status, 200) << url << " " << r.body;
    return r.body;
  }
};

TEST_F(Studio, ProjectsAreTheirOwnersAlone) {
  auto owner = server.register_user("maker");
  auto other = server.register_user("other");
  const std::string id = create_project(owner, {{"title", "  Lisbon trip "}, {"width", 1080}, {"height", 1920}});
  auto got = client().get("/api/studio/projects/" + id, owner.access_token);
  ASSERT_EQ(got.status, 200);
  auto project = got.json().as_object();
  EXPECT_EQ(project["title"], "Lisbon trip");
  EXPECT_EQ(project["width"], 1080);
  EXPECT_EQ(project["height"], 1920);
  EXPECT_EQ(project["frame_rate"], 30);
  EXPECT_EQ(project["status"], "in_progress");
  EXPECT_EQ(project["clip_count"], 0);

  auto patched = client().patch("/api/studio/projects/" + id, object{{"title", "Porto"}, {"status", "completed"}},
                                owner.access_token);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().as_object()["status"], "completed");

  create_project(other, {{"title", "Theirs"}});
  auto mine = client().get("/api/studio/projects", owner.access_token).json().as_object();
  ASSERT_EQ(mine["items"].as_array().size(), 1u);
  EXPECT_EQ(mine["items"].as_array()[0].as_object()["title"], "Porto");

  // Another account finds nothing, whatever it tries.
  EXPECT_EQ(client().get("/api/studio/projects/" + id, other.access_token).status, 404);
  EXPECT_EQ(client().patch("/api/studio/projects/" + id, object{{"title", "x"}}, other.access_token).status, 404);
  EXPECT_EQ(client().get("/api/studio/projects/" + id + "/clips", other.access_token).status, 404);
  EXPECT_EQ(client().del("/api/studio/projects/" + id, other.access_token).status, 404);
  EXPECT_EQ(post_photo(other, id, make_image("testsrc2", 320, 240, "jpg")).status, 404);
  EXPECT_EQ(client().get("/api/studio/projects/" + id).status, 401);

  for (const auto& bad : {object{{"title", ""}}, object{{"title", "x"}, {"width", 641}},
                          object{{"title", "x"}, {"frame_rate", 29}}, object{{"title", "x"}, {"music_track_id", "nope"}}}) {
    auto r = client().post("/api/studio/projects", bad, owner.access_token);
    EXPECT_EQ(r.status, 400) << boost::json::serialize(bad);
  }
  EXPECT_EQ(client().del("/api/studio/projects/" + id, owner.access_token).status, 204);
  EXPECT_EQ(client().get("/api/studio/projects/" + id, owner.access_token).status, 404);
}

TEST_F(Studio, APhotoBecomesAClipOfTheProjectsFrameAndCostsItsCredit) {
  auto user = server.register_user("maker");
  EXPECT_EQ(balance(user), 1) << "one free credit on sign-up";
  const std::string project = create_project(user, {{"title", "Clips"}, {"width", 640}, {"height", 360}, {"frame_rate", 25}});
  auto added = post_photo(user, project, make_image("testsrc2", 1600, 1200, "jpg"), "?motion=pan_left&duration_ms=2000");
  ASSERT_EQ(added.status, 201) << added.body;
  auto clip = added.json().as_object();
  EXPECT_EQ(clip["status"], "generating");
  EXPECT_EQ(clip["order"], 0);
  EXPECT_EQ(clip["motion"], "pan_left");
  EXPECT_EQ(clip["cost"], 1);
  EXPECT_EQ(clip["image_width"], 1600);
  EXPECT_EQ(clip["image_height"], 1200);
  EXPECT_TRUE(clip["video_url"].is_null());
  EXPECT_EQ(balance(user), 0);

  auto ready = settled_clip(user, project, std::string(clip["id"].as_string()));
  ASSERT_EQ(ready["status"], "ready") << boost::json::serialize(ready);
  const Probed video = probe(fetch(std::string(ready["video_url"].as_string())));
  EXPECT_EQ(video.codec, "h264");
  EXPECT_EQ(video.width, 640);
  EXPECT_EQ(video.height, 360);
  EXPECT_EQ(video.frames, 50) << "2 s at 25 fps";
  EXPECT_NEAR(video.duration_s, 2.0, 0.05);
  EXPECT_EQ(ready["video_duration_ms"], 2000);
  EXPECT_EQ(probe(fetch(std::string(ready["image_url"].as_string()))).codec, "mjpeg");

  // A signed URL opens its one file, and nothing once tampered with.
  std::string url(ready["video_url"].as_string());
  std::string tampered = url;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(client().get(tampered).status, 404);
  std::string other_kind = url;
  other_kind.replace(other_kind.find("clip_video"), 10, "clip_image");
  EXPECT_EQ(client().get(other_kind).status, 404);

  auto ledger = client().get("/api/me/credits", user.access_token).json().as_object();
  EXPECT_EQ(ledger["balance"], 0);
  auto& entries = ledger["items"].as_array();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].as_object()["kind"], "generation");
  EXPECT_EQ(entries[0].as_object()["amount"], -1);
  EXPECT_EQ(entries[1].as_object()["kind"], "signup");

  // Out of credits: refused before anything is kept.
  auto refused = post_photo(user, project, make_image("testsrc2", 800, 600, "jpg"));
  EXPECT_EQ(refused.status, 402) << refused.body;
  EXPECT_EQ(refused.error_code(), "insufficient_credits");
  EXPECT_EQ(client().get("/api/studio/projects/" + project, user.access_token).json().as_object()["clip_count"], 1);
  EXPECT_EQ(server.app().blobs().list_prefix("studio/" + user.id).size(), 2u) << "the first clip's photo and video";
}

TEST_F(Studio, EveryMotionStaysInsideThePhotoWhateverItsShape) {
  auto user = server.register_user("maker");
  grant(user, 20, "test-grant");
  const std::string project = create_project(user, {{"title", "Borders"}, {"width", 320}, {"height", 180}});
  std::vector<std::string> clips;
  for (const auto& shape : {std::pair{3000, 300}, std::pair{300, 2000}}) {
    const std::string photo = make_image("color=c=gray", shape.first, shape.second, "png");
    for (const char* motion : {"zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"}) {
      auto r = post_photo(user, project, photo, std::string("?duration_ms=1000&motion=") + motion, "image/png");
      ASSERT_EQ(r.status, 201) << r.body;
      clips.push_back(std::string(r.json().as_object()["id"].as_string()));
    }
  }
  for (const auto& id : clips) {
    auto clip = settled_clip(user, project, id);
    ASSERT_EQ(clip["status"], "ready");
    // A grey photo gives grey frames; a border would be black (luma 16).
    EXPECT_GT(darkest_luma(fetch(std::string(clip["video_url"].as_string()))), 100)
        << clip["motion"] << " of a " << clip["image_width"] << "×" << clip["image_height"] << " photo";
  }
}

TEST_F(Studio, PhotosAreCheckedTurnedUprightAndStrippedOfMetadata) {
  auto user = server.register_user("maker");
  grant(user, 10, "test-grant");
  const std::string project = create_project(user);
  // Stored 400×200 with "turn 90° clockwise to view": upright it is 200 wide and 400 tall.
  const std::string tagged = with_exif(make_image("testsrc2", 400, 200, "jpg"), 6, "GPS 38.7223N 9.1393W secret");
  auto r = post_photo(user, project, tagged);
  ASSERT_EQ(r.status, 201) << r.body;
  auto clip = r.json().as_object();
  EXPECT_EQ(clip["image_width"], 200);
  EXPECT_EQ(clip["image_height"], 400);
  const std::string stored = fetch(std::string(clip["image_url"].as_string()));
  EXPECT_EQ(stored.find("Exif"), std::string::npos);
  EXPECT_EQ(stored.find("secret"), std::string::npos);
  const Probed upright = probe(stored);
  EXPECT_EQ(upright.width, 200);
  EXPECT_EQ(upright.height, 400);

  // PNG and WebP are photos too, in the raw body or a multipart form.
  EXPECT_EQ(post_photo(user, project, make_image("testsrc2", 320, 240, "png"), "", "image/png").status, 201);
  const std::string webp = make_image("testsrc2", 320, 240, "webp");
  const std::string form = "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.webp\"\r\n"
                           "Content-Type: image/webp\r\n\r\n" + webp + "\r\n--XyZ--\r\n";
  auto multipart = post_photo(user, project, form, "", "multipart/form-data; boundary=XyZ");
  EXPECT_EQ(multipart.status, 201) << multipart.body;

  // What is not a photo, or one Marquee will not decode.
  EXPECT_EQ(post_photo(user, project, "just text", "", "text/plain").status, 415);
  EXPECT_EQ(post_photo(user, project, "GIF89a\x01\x00\x01\x00", "", "image/gif").status, 415);
  auto bomb = post_photo(user, project, make_image("color=c=black", 10000, 10000, "png"), "", "image/png");
  EXPECT_EQ(bomb.status, 422) << bomb.body;
  EXPECT_NE(bomb.body.find("too_many_pixels"), std::string::npos);
  EXPECT_EQ(post_photo(user, project, make_image("testsrc2", 40, 40, "jpg")).status, 422);
  std::string truncated = make_image("testsrc2", 640, 480, "jpg");
  truncated.resize(truncated.size() / 3);
  EXPECT_EQ(post_photo(user, project, truncated).status, 422);
  EXPECT_EQ(post_photo(user, project, make_image("testsrc2", 320, 240, "jpg"), "?motion=spin").status, 400);
  EXPECT_EQ(post_photo(user, project, make_image("testsrc2", 320, 240, "jpg"), "?duration_ms=999999").status, 400);
  EXPECT_EQ(balance(user), 11 - 3) << "only the three photos taken were charged";
}

TEST_F(Studio, ConcurrentGenerationsNeverSpendMoreThanTheBalance) {
  auto user = server.register_user("maker");
  grant(user, 9, "test-grant");  // with the sign-up credit: 10
  ASSERT_EQ(balance(user), 10);
  const std::string project = create_project(user, {{"title", "Rush"}, {"width", 256}, {"height", 144}});
  const std::string photo = make_image("testsrc2", 320, 240, "jpg");
  std::atomic<int> created{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto r = post_photo(user, project, photo, "?duration_ms=1000");
        if (r.status == 201) {
          ++created;
        } else if (r.status == 402 && r.error_code() == "insufficient_credits") {
          ++refused;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 10);
  EXPECT_EQ(refused.load(), 40);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(balance(user), 0);
  auto clips = client().get("/api/studio/projects/" + project + "/clips", user.access_token).json().as_object();
  ASSERT_EQ(clips["items"].as_array().size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(clips["items"].as_array()[i].as_object()["order"], i);
  EXPECT_EQ(server.app().blobs().list_prefix(std::string("studio/") + user.id + "/" + project).size() >= 10, true);
  for (const auto& clip : clips["items"].as_array()) {
    settled_clip(user, project, std::string(clip.as_object().at("id").as_string()));
  }
}

TEST_F(Studio, ClipsAreOrderedApprovedRegeneratedAndDeleted) {
  auto user = server.register_user("maker");
  grant(user, 10, "test-grant");
  const std::string project = create_project(user, {{"title", "Edit"}, {"width", 256}, {"height", 144}});
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto r = post_photo(user, project, make_image("testsrc2", 320, 240, "jpg"), "?duration_ms=1000");
    ASSERT_EQ(r.status, 201);
    ids.push_back(std::string(r.json().as_object()["id"].as_string()));
  }
  for (const auto& id : ids) ASSERT_EQ(settled_clip(user, project, id)["status"], "ready");

  const boost::json::array reversed{ids[2], ids[0], ids[1]};
  auto ordered = client().patch("/api/studio/projects/" + project + "/clips/order", object{{"clip_ids", reversed}},
                                user.access_token);
  ASSERT_EQ(ordered.status, 200) << ordered.body;
  auto items = ordered.json().as_object()["items"].as_array();
  EXPECT_EQ(items[0].as_object()["id"], boost::json::value(ids[2]));
  EXPECT_EQ(items[1].as_object()["id"], boost::json::value(ids[0]));
  EXPECT_EQ(items[2].as_object()["order"], 2);
  // Not the whole set, or one twice: refused, and the order stands.
  for (const auto& bad : {boost::json::array{ids[0], ids[1]}, boost::json::array{ids[0], ids[0], ids[1]},
                          boost::json::array{ids[0], ids[1], "someone-else"}}) {
    EXPECT_EQ(client().patch("/api/studio/projects/" + project + "/clips/order", object{{"clip_ids", bad}},
                             user.access_token).status, 400);
  }

  const std::string base = "/api/studio/projects/" + project + "/clips/";
  auto approved = client().patch(base + ids[0], object{{"approved", true}}, user.access_token);
  ASSERT_EQ(approved.status, 200);
  EXPECT_EQ(approved.json().as_object()["approved"], true);

  const std::int64_t before = balance(user);
  auto again = client().post(base + ids[0] + "/regenerate", object{{"motion", "zoom_out"}, {"duration_ms", 1500}},
                             user.access_token);
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(again.json().as_object()["generation"], 2);
  EXPECT_EQ(again.json().as_object()["approved"], false);
  EXPECT_EQ(balance(user), before - 1) << "a regeneration is charged again";
  EXPECT_EQ(client().post(base + ids[0] + "/regenerate", object{}, user.access_token).status, 409)
      << "not while it generates";
  auto second = settled_clip(user, project, ids[0]);
  ASSERT_EQ(second["status"], "ready");
  EXPECT_EQ(second["motion"], "zoom_out");
  EXPECT_NEAR(probe(fetch(std::string(second["video_url"].as_string()))).duration_s, 1.5, 0.05);

  EXPECT_EQ(client().del(base + ids[1], user.access_token).status, 204);
  auto left = client().get("/api/studio/projects/" + project + "/clips", user.access_token).json().as_object();
  ASSERT_EQ(left["items"].as_array().size(), 2u);
  EXPECT_EQ(left["items"].as_array()[0].as_object()["id"], boost::json::value(ids[2]));
  EXPECT_EQ(left["items"].as_array()[1].as_object()["order"], 1) << "the gap is closed";
  EXPECT_EQ(client().get(base + ids[1], user.access_token).status, 404);
}

TEST_F(Studio, AGenerationThatFailsGivesItsCreditBackOnce) {
  auto user = server.register_user("maker");
  // An API-only process queues the generation; no worker runs it yet.
  server.restart([](Config& c) { c.role = "api"; });
  const std::string project = create_project(user, {{"title", "Lost"}, {"width", 256}, {"height", 144}});
  auto r = post_photo(user, project, make_image("testsrc2", 320, 240, "jpg"));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string clip_id(r.json().as_object()["id"].as_string());
  EXPECT_EQ(balance(user), 0);
  // Its photo is gone before a worker gets to it.
  server.app().blobs().remove_prefix("studio/" + user.id + "/" + project + "/clips/" + clip_id);
  server.restart([](Config& c) { c.role = "all"; });
  auto failed = settled_clip(user, project, clip_id);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_FALSE(failed["failure_reason"].is_null());
  EXPECT_EQ(balance(user), 1) << "refunded";
  auto ledger = client().get("/api/me/credits", user.access_token).json().as_object();
  EXPECT_EQ(ledger["items"].as_array()[0].as_object()["kind"], "refund");
  // Deleting the failed clip refunds nothing more.
  EXPECT_EQ(client().del("/api/studio/projects/" + project + "/clips/" + clip_id, user.access_token).status, 204);
  EXPECT_EQ(balance(user), 1);
}

TEST_F(Studio, AReferralRewardsBothSidesAtTheFirstClipOnce) {
  auto referrer = server.register_user("referrer");
  auto referred = server.register_user("referred");
  auto code = client().get("/api/me/referral", referrer.access_token).json().as_object();
  ASSERT_EQ(code["code"].as_string().size(), 8u);
  EXPECT_EQ(code["reward"], 1);
  std::string lower(code["code"].as_string());
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto redeemed = client().post("/api/me/referral", object{{"code", " " + lower + " "}}, referred.access_token);
  ASSERT_EQ(redeemed.status, 200) << redeemed.body;
  EXPECT_EQ(redeemed.json().as_object()["referred_by"], boost::json::value(referrer.username));
  EXPECT_EQ(client().post("/api/me/referral", object{{"code", code["code"]}}, referred.access_token).status, 409)
      << "once";
  EXPECT_EQ(client().post("/api/me/referral", object{{"code", code["code"]}}, referrer.access_token).status, 400)
      << "not one's own";
  EXPECT_EQ(client().post("/api/me/referral", object{{"code", "NOSUCHCD"}}, referred.access_token).status, 404);
  EXPECT_EQ(balance(referrer), 1);

  grant(referred, 5, "test-grant");
  const std::string project = create_project(referred, {{"title", "First"}, {"width", 256}, {"height", 144}});
  for (int i = 0; i < 2; ++i) {
    auto r = post_photo(referred, project, make_image("testsrc2", 320, 240, "jpg"), "?duration_ms=1000");
    ASSERT_EQ(r.status, 201);
    ASSERT_EQ(settled_clip(referred, project, std::string(r.json().as_object()["id"].as_string()))["status"], "ready");
  }
  EXPECT_EQ(balance(referrer), 2) << "rewarded once, at the first clip";
  EXPECT_EQ(balance(referred), 1 + 5 - 2 + 1);
  auto summary = client().get("/api/me/referral", referrer.access_token).json().as_object();
  EXPECT_EQ(summary["referred"], 1);
  EXPECT_EQ(summary["rewarded"], 1);
  EXPECT_EQ(summary["earned"], 1);
  EXPECT_EQ(client().get("/api/me/referral", referred.access_token).json().as_object()["earned"], 0)
      << "being referred is not earning";
  // An account that made a clip already can no longer be referred.
  auto late = server.register_user("late");
  EXPECT_EQ(client().post("/api/me/referral", object{{"code", code["code"]}}, referred.access_token).status, 409);
  auto other_code = client().get("/api/me/referral", late.access_token).json().as_object()["code"];
  EXPECT_EQ(client().post("/api/me/referral", object{{"code", other_code}}, referred.access_token).status, 409);
}

TEST_F(Studio, AdminsSetCreditsAndPricesWhileTheSiteRuns) {
  auto admin = server.user_with_role("admin", "boss");
  auto user = server.register_user("maker");
  auto get = client().get("/api/admin/config/billing.signup_credits", admin.access_token);
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.json().as_object()["value"], "1");
  EXPECT_EQ(get.json().as_object()["version"], 0) << "the configured default, never changed";

  auto put = client().put("/api/admin/config/billing.signup_credits", object{{"value", 3}, {"version", 0}},
                          admin.access_token);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().as_object()["version"], 1);
  EXPECT_EQ(put.json().as_object()["updated_by"], boost::json::value(admin.id));
  // Someone else's change in between: the stale version is refused.
  auto stale = client().put("/api/admin/config/billing.signup_credits", object{{"value", 5}, {"version", 0}},
                            admin.access_token);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(client().put("/api/admin/config/billing.signup_credits", object{{"value", -1}}, admin.access_token).status, 400);
  EXPECT_EQ(client().put("/api/admin/config/auth.jwt_secret", object{{"value", "x"}}, admin.access_token).status, 404)
      << "not a run-time setting";
  EXPECT_EQ(client().put("/api/admin/config/studio.clip_cost", object{{"value", 0}}, user.access_token).status, 403);

  auto newcomer = server.register_user("newcomer");
  EXPECT_EQ(balance(newcomer), 3) << "the new sign-up grant";
  // Clips free of charge from now on.
  ASSERT_EQ(client().put("/api/admin/config/studio.clip_cost", object{{"value", 0}}, admin.access_token).status, 200);
  const std::string project = create_project(newcomer, {{"title", "Free"}, {"width", 256}, {"height", 144}});
  auto clip = post_photo(newcomer, project, make_image("testsrc2", 320, 240, "jpg"), "?duration_ms=1000");
  ASSERT_EQ(clip.status, 201);
  EXPECT_EQ(clip.json().as_object()["cost"], 0);
  EXPECT_EQ(balance(newcomer), 3);
  // A free clip deleted while it generates: nothing to give back, and it goes.
  auto doomed = post_photo(newcomer, project, make_image("testsrc2", 320, 240, "jpg"), "?duration_ms=1000");
  ASSERT_EQ(doomed.status, 201);
  EXPECT_EQ(client().del("/api/studio/projects/" + project + "/clips/" +
                             std::string(doomed.json().as_object()["id"].as_string()),
                         newcomer.access_token)
                .status,
            204);
  EXPECT_EQ(balance(newcomer), 3);
  auto prompt = client().put("/api/admin/config/studio.system_prompt",
                             object{{"value", "Slow, warm camera moves.\nNo text on screen."}}, admin.access_token);
  EXPECT_EQ(prompt.status, 200) << prompt.body;
  auto audit = client().get("/api/admin/audit?action=settings.update", admin.access_token);
  EXPECT_NE(audit.body.find("billing.signup_credits"), std::string::npos);
  EXPECT_NE(audit.body.find("studio.clip_cost"), std::string::npos);
  settled_clip(newcomer, project, std::string(clip.json().as_object()["id"].as_string()));
}

TEST_F(Studio, PostersAreSignedAsTheCallersPlaybackRulesAllow) {
  auto creator = server.user_with_role("creator", "poster");
  auto other = server.register_user("viewer");
  const std::string clip = read_file(make_clip(temp_dir(), "poster.mp4", 320, 180, 2.0));
  const std::string shown = tus_upload(client(), creator.access_token, clip, "public");
  const std::string hidden = tus_upload(client(), creator.access_token, clip, "private");
  for (const auto& id : {shown, hidden}) ASSERT_EQ(settled_video(server, creator, id)["status"], "ready");
  auto sign = [&](const TestUser& who) {
    auto r = client().post("/api/media/sign",
                           object{{"items", boost::json::array{object{{"kind", "video_poster"}, {"id", shown}},
                                                               object{{"kind", "video_poster"}, {"id", hidden}}}}},
                           who.access_token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  const auto theirs = sign(creator);
  for (const auto& item : theirs.as_object().at("items").as_array()) {
    ASSERT_TRUE(item.as_object().at("url").is_string()) << boost::json::serialize(item);
    auto poster = client().get(std::string(item.as_object().at("url").as_string()));
    EXPECT_EQ(poster.status, 200);
    EXPECT_EQ(poster.headers.get("Content-Type").value_or(""), "image/jpeg");
  }
  // Another account: the public video's poster, and nothing of the private one.
  const auto others = sign(other);
  const auto& items = others.as_object().at("items").as_array();
  EXPECT_TRUE(items[0].as_object().at("url").is_string());
  EXPECT_TRUE(items[1].as_object().at("url").is_null());
  EXPECT_EQ(items[1].as_object().at("error"), "not_found");
}

}  // namespace
}  // namespace marquee::testing

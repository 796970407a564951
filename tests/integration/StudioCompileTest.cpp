// Compiling a project (docs/studio.md#compiling): real clips joined by real transitions with
// real music, checked with ffprobe and volumedetect; publishing through the upload pipeline;
// the admin's music library; and a compile that fails leaving nothing behind.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/App.h"
#include "blob/BlobStore.h"
#include "db/Database.h"
#include "support/Eventually.h"
#include "support/MediaFixtures.h"
#include "support/StudioFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

class StudioCompile : public ::testing::Test {
 protected:
  TestServer server;
  TestUser admin = server.user_with_role("admin", "musicadmin");

  const TestClient& client() { return server.client(); }

  HttpResult add_track(const std::string& bytes, const std::string& type, const std::string& title = "Tone") {
    return client().request("POST", "/api/admin/music?title=" + title + "&artist=Marquee", bytes,
                            {{"Authorization", "Bearer " + admin.access_token}, {"Content-Type", type}});
  }

  // A project of `count` ready clips of 1.6 s (40 frames) (640×360, 25 fps), each a different motion.
  std::pair<std::string, std::vector<std::string>> ready_project(const TestUser& user, int count) {
    server.app().database().execute(
        "INSERT INTO credit_transactions (id, user_id, amount, kind, reference, created_at) VALUES (?, ?, 50, 'grant', ?, 1)",
        {"grant-" + user.id, user.id, "grant-" + user.id});
    auto r = client().post("/api/studio/projects",
                           object{{"title", "Compile"}, {"width", 640}, {"height", 360}, {"frame_rate", 25}},
                           user.access_token);
    const std::string project(r.json().as_object()["id"].as_string());
    const std::string photo = make_image("testsrc2", 800, 600, "jpg");
    const char* motions[] = {"zoom_in", "pan_right", "zoom_out", "pan_up"};
    std::vector<std::string> clips;
    for (int i = 0; i < count; ++i) {
      auto added = client().request("POST",
                                    "/api/studio/projects/" + project + "/clips?duration_ms=1600&motion=" + motions[i % 4],
                                    photo, {{"Authorization", "Bearer " + user.access_token}, {"Content-Type", "image/jpeg"}});
      EXPECT_EQ(added.status, 201) << added.body;
      clips.push_back(std::string(added.json().as_object()["id"].as_string()));
    }
    for (const auto& clip : clips) {
      EXPECT_TRUE(eventually(
          [&] {
            auto got = client().get("/api/studio/projects/" + project + "/clips/" + clip, user.access_token);
            return got.json().as_object()["status"] == "ready";
          },
          std::chrono::seconds(60)));
    }
    return {project, clips};
  }

  object settled_final(const TestUser& user, const std::string& final_id) {
    object last;
    EXPECT_TRUE(eventually(
        [&] {
          last = client().get("/api/studio/final-videos/" + final_id, user.access_token).json().as_object();
          return last["status"] == "ready" || last["status"] == "failed";
        },
        std::chrono::seconds(90)))
        << boost::json::serialize(last);
    return last;
  }

  std::string fetch(const std::string& url) {
    auto r = client().get(url);
    EXPECT_EQ(r.status, 200) << url;
    return r.body;
  }
};

TEST_F(StudioCompile, ClipsTransitionsAndMusicMakeOneMp4OfTheExpectedLength) {
  auto user = server.register_user("maker");
  auto [project, clips] = ready_project(user, 3);
  auto track = add_track(make_tone(2.0, "mp3"), "audio/mpeg");  // shorter than the video: looped
  ASSERT_EQ(track.status, 201) << track.body;
  const std::string track_id(track.json().as_object()["id"].as_string());
  EXPECT_EQ(track.json().as_object()["format"], "mp3");
  EXPECT_NEAR(track.json().as_object()["duration_ms"].to_number<double>(), 2000, 60);

  auto compile = [&](int volume) {
    auto r = client().post("/api/studio/projects/" + project + "/compile",
                           object{{"clip_ids", boost::json::array{clips[2], clips[0], clips[1]}},
                                  {"transition", "dissolve"},
                                  {"transition_ms", 500},
                                  {"music_track_id", track_id},
                                  {"music_volume", volume},
                                  {"fade_out_ms", 1000}},
                           user.access_token);
    EXPECT_EQ(r.status, 202) << r.body;
    const auto status = r.json().as_object()["status"];
    EXPECT_TRUE(status == "queued" || status == "compiling") << status << ": a worker may take it at once";
    return settled_final(user, std::string(r.json().as_object()["id"].as_string()));
  };
  auto loud = compile(100);
  ASSERT_EQ(loud["status"], "ready") << boost::json::serialize(loud);
  // 3 × 1.6 s less two 0.5 s overlaps.
  EXPECT_EQ(loud["duration_ms"], 3800);
  const std::string mp4 = fetch(std::string(loud["download_url"].as_string()));
  EXPECT_EQ(loud["size"].to_number<std::int64_t>(), static_cast<std::int64_t>(mp4.size()));
  const Probed video = probe(mp4);
  EXPECT_EQ(video.codec, "h264");
  EXPECT_EQ(video.width, 640);
  EXPECT_EQ(video.height, 360);
  EXPECT_NEAR(video.duration_s, 3.8, 0.05);
  EXPECT_EQ(audio_codec(mp4), "aac");
  EXPECT_LT(mp4.find("moov"), mp4.find("mdat")) << "faststart: the index comes first";
  auto ids = loud["clip_ids"].as_array();
  EXPECT_EQ(ids[0], boost::json::value(clips[2]));

  // The same recipe again: the same length. A quarter of the volume: about 12 dB quieter.
  auto quiet = compile(25);
  ASSERT_EQ(quiet["status"], "ready");
  EXPECT_EQ(quiet["duration_ms"], loud["duration_ms"]);
  const double loud_db = mean_volume_db(mp4);
  const double quiet_db = mean_volume_db(fetch(std::string(quiet["download_url"].as_string())));
  EXPECT_NEAR(loud_db - quiet_db, 12.0, 1.5) << loud_db << " dB against " << quiet_db << " dB";

  auto list = client().get("/api/studio/projects/" + project + "/final-videos", user.access_token).json().as_object();
  EXPECT_EQ(list["items"].as_array().size(), 2u);
}

TEST_F(StudioCompile, WithoutMusicTheVideoIsSilentAndACutJoinsEndToEnd) {
  auto user = server.register_user("maker");
  auto [project, clips] = ready_project(user, 2);
  for (const auto& clip : clips) {
    client().patch("/api/studio/projects/" + project + "/clips/" + clip, object{{"approved", true}}, user.access_token);
  }
  auto r = client().post("/api/studio/projects/" + project + "/compile", object{{"transition", "cut"}}, user.access_token);
  ASSERT_EQ(r.status, 202) << r.body;
  auto done = settled_final(user, std::string(r.json().as_object()["id"].as_string()));
  ASSERT_EQ(done["status"], "ready");
  EXPECT_EQ(done["duration_ms"], 3200) << "the approved clips, end to end";
  const std::string mp4 = fetch(std::string(done["download_url"].as_string()));
  EXPECT_EQ(audio_codec(mp4), "aac");
  EXPECT_LT(mean_volume_db(mp4), -80.0) << "silence";
}

TEST_F(StudioCompile, APublishedCompileBecomesAPlayableVideo) {
  auto user = server.register_user("maker");
  auto [project, clips] = ready_project(user, 2);
  auto r = client().post("/api/studio/projects/" + project + "/compile",
                         object{{"clip_ids", boost::json::array{clips[0], clips[1]}},
                                {"transition", "wipeleft"},
                                {"publish", object{{"title", "My summer"}, {"visibility", "unlisted"}}}},
                         user.access_token);
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string video_id(r.json().as_object()["video_id"].as_string());
  auto done = settled_final(user, std::string(r.json().as_object()["id"].as_string()));
  ASSERT_EQ(done["status"], "ready");
  object video;
  EXPECT_TRUE(eventually(
      [&] {
        video = client().get("/api/videos/" + video_id, user.access_token).json().as_object();
        return video["status"] == "ready" || video["status"] == "failed";
      },
      std::chrono::seconds(90)));
  EXPECT_EQ(video["status"], "ready") << boost::json::serialize(video);
  EXPECT_EQ(video["title"], "My summer");
  EXPECT_EQ(video["visibility"], "unlisted");
  EXPECT_NEAR(video["duration_ms"].to_number<double>(), 2700, 100);

  // What a compile will not do: another's project, clips not ready or not there, bad choices.
  auto other = server.register_user("other");
  EXPECT_EQ(client().post("/api/studio/projects/" + project + "/compile", object{}, other.access_token).status, 404);
  EXPECT_EQ(client().get("/api/studio/final-videos/" + std::string(done["id"].as_string()), other.access_token).status,
            404);
  for (const auto& bad : {object{{"transition", "spin"}}, object{{"transition_ms", 2000}, {"clip_ids", boost::json::array{clips[0], clips[1]}}},
                          object{{"clip_ids", boost::json::array{"nope"}}}, object{{"music_volume", 101}},
                          object{{"music_track_id", "nope"}, {"clip_ids", boost::json::array{clips[0]}}}}) {
    EXPECT_EQ(client().post("/api/studio/projects/" + project + "/compile", bad, user.access_token).status, 400)
        << boost::json::serialize(bad);
  }
  EXPECT_EQ(client().post("/api/studio/projects/" + project + "/compile", object{}, user.access_token).status, 409)
      << "nothing approved, nothing named";
}

TEST_F(StudioCompile, ACompileThatFailsLeavesNoFileAndNoDraftVideo) {
  auto user = server.register_user("maker");
  auto [project, clips] = ready_project(user, 1);
  auto track = add_track(make_tone(1.0, "wav"), "audio/wav");
  ASSERT_EQ(track.status, 201) << track.body;
  const std::string track_id(track.json().as_object()["id"].as_string());
  // Queued by an API-only process; the track's file is gone before a worker gets to it.
  server.restart([](Config& c) { c.role = "api"; });
  auto r = client().post("/api/studio/projects/" + project + "/compile",
                         object{{"clip_ids", boost::json::array{clips[0]}}, {"music_track_id", track_id},
                                {"publish", object{{"title", "Never"}}}},
                         user.access_token);
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string final_id(r.json().as_object()["id"].as_string());
  const std::string video_id(r.json().as_object()["video_id"].as_string());
  EXPECT_EQ(client().get("/api/videos/" + video_id, user.access_token).status, 200) << "the draft, for now";
  server.app().blobs().remove_prefix("music");
  server.restart([](Config& c) { c.role = "all"; });
  auto failed = settled_final(user, final_id);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_TRUE(failed["download_url"].is_null());
  EXPECT_EQ(client().get("/api/videos/" + video_id, user.access_token).status, 404) << "no draft stays behind";
  EXPECT_TRUE(server.app().blobs().list_prefix("studio/" + user.id + "/" + project + "/finals").empty());
}

TEST_F(StudioCompile, TheMusicLibraryIsTheAdminsToChange) {
  auto user = server.register_user("maker");
  EXPECT_EQ(add_track(make_tone(1.0, "m4a"), "audio/mp4", "Aac").status, 201);
  // Not audio, audio of another kind, a video, no title: refused.
  EXPECT_EQ(add_track("not audio at all", "audio/mpeg").status, 422);
  EXPECT_EQ(add_track(read_file(make_clip(temp_dir(), "v.mp4", 160, 120, 1.0)), "audio/mp4").status, 422);
  EXPECT_EQ(add_track(make_tone(1.0, "wav"), "audio/wav", "").status, 400);
  auto wav = add_track(make_tone(1.0, "wav"), "audio/wav", "Wave");
  ASSERT_EQ(wav.status, 201);
  const std::string id(wav.json().as_object()["id"].as_string());

  auto list = client().get("/api/studio/music", user.access_token);
  ASSERT_EQ(list.status, 200);
  const auto listed = list.json();
  const auto& items = listed.as_object().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  const std::string preview(items[1].as_object().at("preview_url").as_string());
  EXPECT_EQ(client().get(preview).status, 200);

  // Only admins add or remove.
  EXPECT_EQ(client().request("POST", "/api/admin/music?title=x", make_tone(1.0, "mp3"),
                             {{"Authorization", "Bearer " + user.access_token}, {"Content-Type", "audio/mpeg"}})
                .status,
            403);
  EXPECT_EQ(client().del("/api/admin/music/" + id, user.access_token).status, 403);
  // A project that chose the removed track forgets it.
  auto project = client().post("/api/studio/projects", object{{"title", "Tune"}, {"music_track_id", id}}, user.access_token);
  ASSERT_EQ(project.status, 201) << project.body;
  EXPECT_EQ(client().del("/api/admin/music/" + id, admin.access_token).status, 204);
  auto after = client().get("/api/studio/projects/" + std::string(project.json().as_object()["id"].as_string()),
                            user.access_token);
  EXPECT_TRUE(after.json().as_object()["music_track_id"].is_null());
  EXPECT_EQ(client().get(preview).status, 404);
  auto audit = client().get("/api/admin/audit?action=music.remove", admin.access_token);
  EXPECT_NE(audit.body.find(id), std::string::npos);
}

TEST_F(StudioCompile, AnAccountCompilesTwoAtATimeAndADeletedProjectTakesItsDraftsAlong) {
  auto user = server.register_user("maker");
  auto [project, clips] = ready_project(user, 1);
  server.restart([](Config& c) { c.role = "api"; });  // nothing runs the compiles
  std::vector<std::string> drafts;
  for (int i = 0; i < 2; ++i) {
    auto r = client().post("/api/studio/projects/" + project + "/compile",
                           object{{"clip_ids", boost::json::array{clips[0]}},
                                  {"publish", object{{"title", "Draft " + std::to_string(i)}}}},
                           user.access_token);
    ASSERT_EQ(r.status, 202) << r.body;
    drafts.push_back(std::string(r.json().as_object()["video_id"].as_string()));
  }
  auto third = client().post("/api/studio/projects/" + project + "/compile",
                             object{{"clip_ids", boost::json::array{clips[0]}}}, user.access_token);
  EXPECT_EQ(third.status, 409) << "two at a time";
  EXPECT_EQ(client().del("/api/studio/projects/" + project, user.access_token).status, 204);
  for (const auto& draft : drafts) {
    EXPECT_EQ(client().get("/api/videos/" + draft, user.access_token).status, 404) << "no draft stays behind";
  }
  server.restart([](Config& c) { c.role = "all"; });  // their jobs were cancelled: nothing runs
  auto jobs = server.app().database().query(
      "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'studio.compile' AND state IN ('queued', 'running')");
  EXPECT_EQ(jobs.front().i64("n"), 0);
}

TEST(StudioMusic, PublicPreviewsOpenToAnyoneWhenTheOperatorSaysSo) {
  TestServer server([](Config& c) { c.studio_music_previews = "public"; });
  auto admin = server.user_with_role("admin", "musicadmin");
  auto added = server.client().request("POST", "/api/admin/music?title=Open", make_tone(1.0, "mp3"),
                                       {{"Authorization", "Bearer " + admin.access_token}, {"Content-Type", "audio/mpeg"}});
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string url(added.json().as_object()["preview_url"].as_string());
  EXPECT_EQ(url.find("sig="), std::string::npos) << url;
  auto preview = server.client().get(url);  // no token, no signature
  EXPECT_EQ(preview.status, 200);
  EXPECT_EQ(preview.headers.get("Content-Type").value_or(""), "audio/mpeg");
  EXPECT_EQ(server.client().get("/api/studio/music/nope/preview").status, 404);
}

}  // namespace
}  // namespace marquee::testing

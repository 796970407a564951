// From upload to playback through the real pipeline: ffmpeg reads the HLS the server
// produces; files are served with ranges and validators; private and premium videos play
// only through signed URLs; deleting a video removes every file.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <thread>

#include "core/Crypto.h"
#include "playback/PlaybackSigner.h"
#include "db/Database.h"
#include "support/MediaFixtures.h"
#include "support/TestDatabase.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;
constexpr const char* kPlaybackKey = "playback-test-key-0123456789abcdefghij";

struct Pipeline : ::testing::Test {
  TestServer server{[](Config& c) {
    c.playback_secret = kPlaybackKey;
    c.media_preset = "ultrafast";
  }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  std::string media_dir = make_temp_dir("marquee-media");
  ~Pipeline() override { std::filesystem::remove_all(media_dir); }

  std::string upload(const std::string& file, const std::string& visibility = "public", bool premium = false) {
    std::string bytes = read_file(file);
    std::string metadata = "filename " + crypto::base64_encode("clip.mp4") + ",visibility " +
                           crypto::base64_encode(visibility) + (premium ? ",is_premium " + crypto::base64_encode("true") : "");
    auto r = client.request("POST", "/api/uploads", bytes,
                            {{"Tus-Resumable", "1.0.0"},
                             {"Authorization", "Bearer " + creator.access_token},
                             {"Upload-Length", std::to_string(bytes.size())},
                             {"Upload-Metadata", metadata},
                             {"Content-Type", "application/offset+octet-stream"}});
    if (r.status != 201) throw std::runtime_error("upload failed: " + r.body);
    return std::string(*r.headers.get("Marquee-Video-Id"));
  }

  object wait_for(const std::string& id, const std::string& status) {
    object video;
    for (int i = 0; i < 600; ++i) {
      video = client.get("/api/videos/" + id, creator.access_token).json().as_object();
      if (video["status"].as_string() == status || video["status"].as_string() == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return video;
  }

  std::string url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(client.port()) + path; }
};

int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

TEST_F(Pipeline, uploaded_clip_becomes_ready_and_every_rendition_decodes_over_http) {
  std::string id = upload(make_clip(media_dir, "clip.mp4", 640, 360, 3));
  auto video = wait_for(id, "ready");
  ASSERT_EQ(video["status"].as_string(), "ready") << boost::json::serialize(video);
  EXPECT_EQ(video["progress"].as_int64(), 100);
  EXPECT_NEAR(static_cast<double>(video["duration_ms"].as_int64()), 3000, 300);
  const auto& renditions = video["renditions"].as_array();
  ASSERT_EQ(renditions.size(), 2u);  // 360p and 240p: never upscaled
  EXPECT_EQ(renditions[0].as_object().at("height").as_int64(), 360);
  for (const auto& r : renditions) {
    std::string playlist(r.as_object().at("playlist_url").as_string());
    EXPECT_EQ(run("ffmpeg -v error -i '" + url(playlist) + "' -f null -"), 0) << playlist;
    EXPECT_NE(r.as_object().at("codecs").as_string().find("avc1."), std::string::npos);
  }
  auto playback = client.get("/api/videos/" + id + "/playback").json().as_object();
  EXPECT_FALSE(playback["signed"].as_bool());
  std::string master(playback["master_url"].as_string());
  EXPECT_EQ(run("ffmpeg -v error -i '" + url(master) + "' -map 0:v:0 -f null -"), 0);
  auto m = client.get(master);
  EXPECT_EQ(*m.headers.get("Content-Type"), "application/vnd.apple.mpegurl");
  EXPECT_NE(m.body.find("AVERAGE-BANDWIDTH="), std::string::npos);
  EXPECT_NE(m.body.find("CODECS="), std::string::npos);
  EXPECT_NE(m.body.find("FRAME-RATE="), std::string::npos);
  auto media = client.get(std::string(renditions[0].as_object().at("playlist_url").as_string()));
  EXPECT_NE(media.body.find("#EXT-X-ENDLIST"), std::string::npos);

  auto poster = client.get(std::string(playback["poster_url"].as_string()));
  EXPECT_EQ(poster.status, 200);
  EXPECT_EQ(*poster.headers.get("Content-Type"), "image/jpeg");
  EXPECT_EQ(poster.body.substr(0, 2), "\xff\xd8");
  auto vtt = client.get(std::string(playback["storyboard_url"].as_string()));
  EXPECT_TRUE(vtt.body.starts_with("WEBVTT"));
}

TEST_F(Pipeline, segments_are_served_with_ranges_validators_and_immutable_caching) {
  std::string id = upload(make_clip(media_dir, "clip.mp4", 320, 240, 2));
  ASSERT_EQ(wait_for(id, "ready")["status"].as_string(), "ready");
  std::string init = "/media/videos/" + id + "/hls/240p/seg_00000.m4s";
  auto whole = client.get(init);
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_EQ(*whole.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
  std::string etag(*whole.headers.get("ETag"));
  auto part = client.request("GET", init, "", {{"Range", "bytes=4-11"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, whole.body.substr(4, 8));
  EXPECT_EQ(*part.headers.get("Content-Range"), "bytes 4-11/" + std::to_string(whole.body.size()));
  EXPECT_EQ(client.request("GET", init, "", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(client.request("GET", init, "", {{"Range", "bytes=999999-"}}).status, 416);
  auto head = client.request("HEAD", init);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(std::string(*head.headers.get("Content-Length")), std::to_string(whole.body.size()));
  auto cors = client.request("GET", init, "", {{"Origin", "https://player.example"}});
  EXPECT_EQ(*cors.headers.get("Access-Control-Allow-Origin"), "*");  // any player page may read public media
  EXPECT_FALSE(cors.headers.get("Access-Control-Allow-Credentials"));
  // The source and anything outside hls/ and thumbs/ is never served.
  EXPECT_EQ(client.get("/media/videos/" + id + "/source").status, 404);
  EXPECT_EQ(client.get("/media/videos/" + id + "/hls/../source").status, 404);
  EXPECT_EQ(client.get("/media/videos/" + id + "/hls/%2e%2e/source").status, 404);
}

TEST_F(Pipeline, private_video_plays_only_through_a_valid_signed_url) {
  std::string id = upload(make_clip(media_dir, "clip.mp4", 320, 240, 2), "private");
  ASSERT_EQ(wait_for(id, "ready")["status"].as_string(), "ready");
  std::string master = "/media/videos/" + id + "/hls/master.m3u8";
  EXPECT_EQ(client.get(master).status, 403);
  EXPECT_EQ(client.get("/api/videos/" + id + "/playback").status, 404);
  auto stranger = server.register_user("stranger");
  EXPECT_EQ(client.get("/api/videos/" + id + "/playback", stranger.access_token).status, 404);

  auto playback = client.get("/api/videos/" + id + "/playback", creator.access_token).json().as_object();
  EXPECT_TRUE(playback["signed"].as_bool());
  std::string signed_master(playback["master_url"].as_string());
  auto m = client.get(signed_master);
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("index.m3u8?exp="), std::string::npos);  // the token travels on
  EXPECT_EQ(run("ffmpeg -v error -i '" + url(signed_master) + "' -map 0:v:0 -f null -"), 0);

  std::string query = signed_master.substr(signed_master.find('?'));
  std::string tampered = query;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(client.get(master + tampered).status, 403);
  // A token for another video opens nothing here.
  std::string other = upload(make_clip(media_dir, "other.mp4", 320, 240, 1), "private");
  ASSERT_EQ(wait_for(other, "ready")["status"].as_string(), "ready");
  EXPECT_EQ(client.get("/media/videos/" + other + "/hls/master.m3u8" + query).status, 403);
  // An expired token signed with the server's own key.
  ManualClock past(wall_clock_ms() - 7'200'000);
  playback::PlaybackSigner signer(kPlaybackKey, past);
  EXPECT_EQ(client.get(master + "?" + signer.sign(id, past.now_ms() + 60'000)).status, 403);
  SystemClock now;
  playback::PlaybackSigner fresh(kPlaybackKey, now);
  EXPECT_EQ(client.get(master + "?" + fresh.sign(id, now.now_ms() + 60'000)).status, 200);
}

TEST_F(Pipeline, premium_video_needs_a_premium_viewer) {
  std::string id = upload(make_clip(media_dir, "clip.mp4", 320, 240, 2), "public", true);
  ASSERT_EQ(wait_for(id, "ready")["status"].as_string(), "ready");
  auto free_user = server.register_user("free");
  auto refused = client.get("/api/videos/" + id + "/playback", free_user.access_token);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(client.get("/api/videos/" + id + "/playback").status, 403);
  EXPECT_EQ(client.get("/media/videos/" + id + "/hls/master.m3u8").status, 403);
  // The poster and thumbnail are teasers anyone may see; the storyboard shows frames from the
  // whole video, so it needs the token like the stream.
  EXPECT_EQ(client.get("/media/videos/" + id + "/thumbs/poster.jpg").status, 200);
  EXPECT_EQ(client.get("/media/videos/" + id + "/thumbs/poster.webp").status, 200);
  EXPECT_EQ(client.get("/media/videos/" + id + "/thumbs/thumb.jpg").status, 200);
  EXPECT_EQ(client.get("/media/videos/" + id + "/thumbs/storyboard.vtt").status, 403);
  EXPECT_EQ(client.get("/media/videos/" + id + "/thumbs/storyboard.jpg").status, 403);

  auto premium = server.register_user("payer");
  server.app().database().execute("UPDATE users SET is_premium = ? WHERE id = ?", {std::int64_t{1}, premium.id});
  premium = server.sign_in(premium);
  auto playback = client.get("/api/videos/" + id + "/playback", premium.access_token);
  ASSERT_EQ(playback.status, 200) << playback.body;
  EXPECT_EQ(client.get(std::string(playback.json().as_object()["master_url"].as_string())).status, 200);
  // The signed storyboard carries the token to its sheet.
  const std::string storyboard_url(playback.json().as_object()["storyboard_url"].as_string());
  auto vtt = client.get(storyboard_url);
  ASSERT_EQ(vtt.status, 200) << vtt.body;
  auto line_start = vtt.body.find("storyboard.jpg?");
  ASSERT_NE(line_start, std::string::npos) << vtt.body;
  std::string sheet = vtt.body.substr(line_start, vtt.body.find('#', line_start) - line_start);
  EXPECT_NE(sheet.find("sig="), std::string::npos) << sheet;
  EXPECT_EQ(client.get("/media/videos/" + id + "/thumbs/" + sheet).status, 200);
}

// Silent clips, tiny clips and screen recordings give one-rendition ladders, some with a
// single output stream: each must end ready and play.
TEST_F(Pipeline, silent_tiny_and_one_rendition_sources_end_ready_and_play) {
  struct Source {
    int width, height;
    bool audio;
  };
  for (const Source& source : {Source{320, 240, false}, Source{160, 120, false}, Source{64, 64, false},
                               Source{64, 64, true}, Source{854, 480, false}}) {
    const std::string label = std::to_string(source.width) + "x" + std::to_string(source.height) +
                              (source.audio ? " with audio" : " silent");
    std::string id = upload(make_clip(media_dir, "clip" + std::to_string(source.width) + (source.audio ? "a" : "s") + ".mp4",
                                      source.width, source.height, 3, source.audio));
    auto video = wait_for(id, "ready");
    ASSERT_EQ(video["status"].as_string(), "ready") << label << ": " << boost::json::serialize(video);
    auto playback = client.get("/api/videos/" + id + "/playback").json().as_object();
    for (const auto& rendition : playback["renditions"].as_array()) {
      const std::string playlist_url(rendition.at("playlist_url").as_string());
      auto playlist = client.get(playlist_url);
      ASSERT_EQ(playlist.status, 200) << label << " " << playlist_url;
      auto map = playlist.body.find("#EXT-X-MAP:URI=\"");
      ASSERT_NE(map, std::string::npos) << playlist.body;
      std::string init = playlist.body.substr(map + 16, playlist.body.find('"', map + 16) - map - 16);
      EXPECT_EQ(init.find('%'), std::string::npos) << label << ": " << init;
      std::string base = playlist_url.substr(0, playlist_url.rfind('/') + 1);
      EXPECT_EQ(client.get(base + init).status, 200) << label << " " << init;
    }
    EXPECT_EQ(run("ffmpeg -v error -i '" + url("/media/videos/" + id + "/hls/master.m3u8") + "' -f null -"), 0) << label;
  }
}

// ffmpeg reports no progress until every output has started (the storyboard's only after 30 s
// of source): the published segments move it meanwhile, from the first one to 100.
TEST_F(Pipeline, progress_moves_while_a_video_is_playable) {
  std::string id = upload(make_clip(media_dir, "long.mp4", 640, 360, 40));
  std::vector<int> while_playable;
  int last = -1;
  std::string status;
  for (int i = 0; i < 2400 && status != "ready" && status != "failed"; ++i) {
    auto video = client.get("/api/videos/" + id, creator.access_token).json().as_object();
    status = std::string(video["status"].as_string());
    const int progress = static_cast<int>(video["progress"].as_int64());
    EXPECT_GE(progress, last) << "progress went backwards";
    last = progress;
    if (status == "playable") while_playable.push_back(progress);
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(status, "ready");
  EXPECT_EQ(last, 100);
  ASSERT_FALSE(while_playable.empty()) << "never seen playable";
  EXPECT_GT(while_playable.back(), 0) << "progress stayed 0 while playable";
  EXPECT_GT(while_playable.back(), while_playable.front()) << "progress did not move while playable";
}

TEST_F(Pipeline, deleting_a_video_removes_every_file_and_its_urls_answer_404) {
  std::string id = upload(make_clip(media_dir, "clip.mp4", 320, 240, 2));
  ASSERT_EQ(wait_for(id, "ready")["status"].as_string(), "ready");
  std::string master = "/media/videos/" + id + "/hls/master.m3u8";
  ASSERT_EQ(client.get(master).status, 200);
  ASSERT_EQ(client.del("/api/videos/" + id, creator.access_token).status, 204);
  // At once: the deletion's event dropped the cached access verdict.
  EXPECT_EQ(client.get(master).status, 404);
  EXPECT_EQ(client.get("/media/videos/" + id + "/thumbs/poster.jpg").status, 404);
  EXPECT_FALSE(std::filesystem::exists(server.data_dir() + "/blobs/videos/" + id));
}

// The access verdict a media request leaves in memory is dropped by the change's event: a
// video made private stops playing unsigned at once, not a second later.
TEST_F(Pipeline, a_video_made_private_stops_playing_unsigned_at_once) {
  std::string id = upload(make_clip(media_dir, "clip.mp4", 320, 240, 2));
  ASSERT_EQ(wait_for(id, "ready")["status"].as_string(), "ready");
  const std::string master = "/media/videos/" + id + "/hls/master.m3u8";
  ASSERT_EQ(client.get(master).status, 200);
  ASSERT_EQ(client.patch("/api/videos/" + id, object{{"visibility", "private"}}, creator.access_token).status, 200);
  EXPECT_EQ(client.get(master).status, 403);
  EXPECT_EQ(client.get("/media/videos/" + id + "/hls/240p/index.m3u8").status, 403);
}

TEST_F(Pipeline, not_playable_yet_is_a_clear_409) {
  auto draft = client.post("/api/videos", object{{"title", "soon"}}, creator.access_token);
  std::string id(draft.json().as_object()["id"].as_string());
  auto r = client.get("/api/videos/" + id + "/playback", creator.access_token);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(client.get("/media/videos/" + id + "/hls/master.m3u8").status, 404);
}

}  // namespace
}  // namespace marquee::testing

// Malware scanning of uploads with a real clamd and signatures made at test time: a match is
// refused with its name (or held, as configured), a clean upload plays, and an upload clamd
// could not scan (down, or beyond its StreamMaxLength) is held or published as the operator
// chose: the uploader sees why either way.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "core/Crypto.h"
#include "support/MediaFixtures.h"
#include "support/ScreenedVideos.h"
#include "support/TestClamd.h"
#include "support/TestDatabase.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

struct UploadScanning : ::testing::Test {
  static void SetUpTestSuite() {
    if (OwnClamd::available()) clamd = new OwnClamd("128K");
  }
  static void TearDownTestSuite() {
    delete clamd;
    clamd = nullptr;
  }
  void SetUp() override {
    if (!clamd) GTEST_SKIP() << "clamd is not installed (scripts/setup installs clamav-daemon)";
  }
  ~UploadScanning() override { std::filesystem::remove_all(media_dir); }

  static inline OwnClamd* clamd = nullptr;
  std::string media_dir = make_temp_dir("marquee-scan-media");

  // A server scanning with `address` (the suite's clamd unless given), and its creator.
  std::unique_ptr<TestServer> server_with(const std::string& malware, const std::string& when_unscanned,
                                          const std::string& address = "") {
    return std::make_unique<TestServer>([&](Config& c) {
      c.scanning_clamd = address.empty() ? clamd->address() : address;
      c.scanning_malware = malware;
      c.scanning_when_unscanned = when_unscanned;
      c.media_preset = "ultrafast";
    });
  }

  static std::string upload(TestServer& server, const TestUser& creator, const std::string& bytes) {
    return tus_upload(server.client(), creator.access_token, bytes);
  }

  std::string small_clip() { return read_file(make_clip(media_dir, "small.mp4", 160, 120, 1, false)); }
  std::string large_clip() { return read_file(make_clip(media_dir, "large.mp4", 640, 360, 3)); }
};

TEST_F(UploadScanning, ACleanUploadIsScannedAndPlays) {
  auto server = server_with("reject", "hold");
  TestUser creator = server->user_with_role("creator", "maker");
  const std::string clip = small_clip();
  ASSERT_LT(clip.size(), 128u * 1024);  // within clamd's limit: scanned whole
  const std::string id = upload(*server, creator, clip);
  object video = settled_video(*server, creator, id);
  EXPECT_EQ(video["status"].as_string(), "ready") << boost::json::serialize(video);
  EXPECT_EQ(moderation_state(video), "");
  EXPECT_EQ(server->client().get("/api/videos/" + id).status, 200);  // public
  const auto metrics = server->client().get("/metrics");
  EXPECT_NE(metrics.body.find("marquee_uploads_scanned_total 1"), std::string::npos);
}

TEST_F(UploadScanning, AnUploadCarryingASignatureIsRefusedWithItsNameAndDeleted) {
  auto server = server_with("reject", "hold");
  TestUser creator = server->user_with_role("creator", "maker");
  // The EICAR test file itself, as an "upload".
  const std::string eicar_id = upload(*server, creator, OwnClamd::eicar());
  object eicar = settled_video(*server, creator, eicar_id);
  EXPECT_EQ(eicar["status"].as_string(), "failed");
  EXPECT_EQ(eicar["failure_reason"].as_string(), std::string("malware: ") + OwnClamd::kEicarName);
  // A real, playable video with the marker inside is refused as well: clamd, not ffprobe, decides.
  const std::string carrier = upload(*server, creator, small_clip() + OwnClamd::kMarker);
  object video = settled_video(*server, creator, carrier);
  EXPECT_EQ(video["status"].as_string(), "failed");
  EXPECT_EQ(video["failure_reason"].as_string(), std::string("malware: ") + OwnClamd::kMarkerName);
  EXPECT_EQ(server->stored_blob("videos/" + carrier + "/source"), "");  // nothing of it is kept
  EXPECT_NE(server->client().get("/api/videos/" + carrier + "/playback").status, 200);  // never playable
}

TEST_F(UploadScanning, WithMalwareHoldAMatchWaitsForTheModerators) {
  auto server = server_with("hold", "hold");
  TestUser creator = server->user_with_role("creator", "maker");
  TestUser moderator = server->user_with_role("moderator", "mod");
  const std::string id = upload(*server, creator, small_clip() + OwnClamd::kMarker);
  object video = settled_video(*server, creator, id);
  EXPECT_EQ(video["status"].as_string(), "ready");  // processed, but not public
  EXPECT_EQ(moderation_state(video), "held");
  EXPECT_NE(moderation_reason(video).find(OwnClamd::kMarkerName), std::string::npos) << moderation_reason(video);
  EXPECT_EQ(server->client().get("/api/videos/" + id).status, 404);
  const auto cases = server->client().get("/api/moderation/cases?source=review", moderator.access_token);
  ASSERT_EQ(cases.status, 200) << cases.body;
  EXPECT_NE(cases.body.find(id), std::string::npos);
}

TEST_F(UploadScanning, AScannerThatIsDownHoldsUploadsOrLetsThemThroughAsConfigured) {
  const std::string nowhere = "unix:" + media_dir + "/no-clamd.sock";
  {
    auto closed = server_with("reject", "hold", nowhere);
    TestUser creator = closed->user_with_role("creator", "maker");
    const auto ready = closed->client().get("/api/ready");
    EXPECT_EQ(ready.json().at("status").as_string(), "degraded") << ready.body;
    EXPECT_TRUE(ready.json().at("problems").as_object().contains("clamd")) << ready.body;
    const std::string id = upload(*closed, creator, small_clip());
    object video = settled_video(*closed, creator, id);
    EXPECT_EQ(video["status"].as_string(), "ready");
    EXPECT_EQ(moderation_state(video), "held");
    EXPECT_NE(moderation_reason(video).find("could not be scanned"), std::string::npos) << moderation_reason(video);
    EXPECT_EQ(closed->client().get("/api/videos/" + id).status, 404);
  }
  auto open = server_with("reject", "publish", nowhere);
  TestUser creator = open->user_with_role("creator", "maker");
  const std::string id = upload(*open, creator, small_clip());
  object video = settled_video(*open, creator, id);
  EXPECT_EQ(video["status"].as_string(), "ready");
  EXPECT_EQ(moderation_state(video), "");
  EXPECT_EQ(open->client().get("/api/videos/" + id).status, 200);
}

TEST_F(UploadScanning, AnUploadBeyondClamdsLimitFollowsTheUnscannedPolicy) {
  const std::string clip = large_clip();
  ASSERT_GT(clip.size(), 128u * 1024);
  auto closed = server_with("reject", "hold");
  TestUser creator = closed->user_with_role("creator", "maker");
  const std::string id = upload(*closed, creator, clip);
  object video = settled_video(*closed, creator, id);
  EXPECT_EQ(moderation_state(video), "held");
  EXPECT_NE(moderation_reason(video).find("StreamMaxLength"), std::string::npos) << moderation_reason(video);

  auto open = server_with("reject", "publish");
  TestUser maker = open->user_with_role("creator", "maker");
  const std::string published = upload(*open, maker, clip);
  EXPECT_EQ(settled_video(*open, maker, published)["status"].as_string(), "ready");
  EXPECT_EQ(open->client().get("/api/videos/" + published).status, 200);
}

}  // namespace
}  // namespace marquee::testing

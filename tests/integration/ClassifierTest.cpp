// Image classification of uploads with the real classifier (tools/classifier: the NSFW model
// bundled in nsfwjs, on the CPU): a video no rule applies to is public, the operator's rules
// age-restrict, hold or refuse a video on the model's scores, and a classifier that cannot
// answer holds uploads or lets them through as configured. The uploader sees why every time.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/Error.h"
#include "media/FrameSampler.h"
#include "scanning/ClassifierClient.h"
#include "support/MediaFixtures.h"
#include "support/TestClassifier.h"
#include "support/TestDatabase.h"
#include "support/ScreenedVideos.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

struct Classifier : ::testing::Test {
  static void SetUpTestSuite() {
    if (OwnClassifier::missing().empty()) classifier = new OwnClassifier();
  }
  static void TearDownTestSuite() {
    delete classifier;
    classifier = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(classifier, nullptr) << OwnClassifier::missing();
    clip_path = make_clip(media_dir, "clip.mp4", 320, 240, 2, false);
    clip = read_file(clip_path);
  }
  ~Classifier() override { std::filesystem::remove_all(media_dir); }

  static inline OwnClassifier* classifier = nullptr;
  std::string media_dir = make_temp_dir("marquee-classify-media");
  std::string clip_path;
  std::string clip;

  std::unique_ptr<TestServer> server_with(const std::vector<std::string>& rules, const std::string& when_unscanned,
                                          const std::string& url = "") {
    return std::make_unique<TestServer>([&](Config& c) {
      c.scanning_classifier_url = url.empty() ? classifier->url() : url;
      c.scanning_classifier_rules = rules;
      c.scanning_when_unscanned = when_unscanned;
      c.media_preset = "ultrafast";
    });
  }


  // What the model says of the clip's frames, asked directly: every label's highest score.
  scanning::LabelScores scores_of_clip() {
    const std::string dir = make_temp_dir("marquee-classify-frames");
    const auto frames = media::sample_frames(clip_path, 2000, dir);
    std::filesystem::remove_all(dir);
    EXPECT_FALSE(frames.empty());
    return scanning::ClassifierClient(classifier->url(), std::chrono::seconds(30)).classify("x", frames);
  }
  static std::string rule(const std::string& label, double threshold, const std::string& action) {
    char text[128];
    std::snprintf(text, sizeof text, "%s>=%.3f:%s", label.c_str(), threshold, action.c_str());
    return text;
  }
};

TEST_F(Classifier, AVideoNoRuleAppliesToIsClassifiedAndPublic) {
  auto server = server_with(Config{}.scanning_classifier_rules, "hold");  // the defaults: porn, hentai ≥ 0.8
  TestUser creator = server->user_with_role("creator", "maker");
  const std::string id = tus_upload(server->client(), creator.access_token, clip);
  object video = settled_video(*server, creator, id);
  EXPECT_EQ(video["status"].as_string(), "ready") << boost::json::serialize(video);
  EXPECT_FALSE(video["is_adult"].as_bool()) << "a test pattern is not adult content";
  EXPECT_EQ(moderation_state(video), "");
  EXPECT_EQ(server->client().get("/api/videos/" + id).status, 200);
  const auto metrics = server->client().get("/metrics").body;
  EXPECT_NE(metrics.find("marquee_uploads_classified_total 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("marquee_uploads_classifier_flagged_total 0"), std::string::npos);
}

TEST_F(Classifier, TheOperatorsRulesAgeRestrictHoldOrRefuseOnTheModelsScores) {
  const auto scores = scores_of_clip();
  ASSERT_GE(scores.size(), 2u);
  auto by_score = [](const auto& a, const auto& b) { return a.second < b.second; };
  const auto [label, score] = *std::max_element(scores.begin(), scores.end(), by_score);
  const auto [weakest, weakest_score] = *std::min_element(scores.begin(), scores.end(), by_score);
  ASSERT_GT(score, 0.2) << "five labels: the strongest has at least a fifth";
  ASSERT_LT(weakest_score, 0.2) << "and the weakest at most a fifth";
  const double under = std::floor((score - 0.05) * 1000) / 1000;

  {  // adult: public, but age-restricted, and the owner cannot lift it
    auto server = server_with({rule(label, under, "adult")}, "hold");
    TestUser creator = server->user_with_role("creator", "maker");
    const std::string id = tus_upload(server->client(), creator.access_token, clip);
    object video = settled_video(*server, creator, id);
    EXPECT_EQ(video["status"].as_string(), "ready") << boost::json::serialize(video);
    EXPECT_TRUE(video["is_adult"].as_bool());
    EXPECT_EQ(moderation_state(video), "");
    EXPECT_NE(server->client().get("/api/videos/" + id).status, 200) << "behind the age gate";
    EXPECT_NE(server->client().patch("/api/videos/" + id, object{{"is_adult", false}}, creator.access_token).status,
              200);
  }
  {  // hold: processed, waiting for the moderators, with the rule and the score as the reason
    auto server = server_with({rule(label, under, "hold")}, "hold");
    TestUser creator = server->user_with_role("creator", "maker");
    TestUser moderator = server->user_with_role("moderator", "mod");
    const std::string id = tus_upload(server->client(), creator.access_token, clip);
    object video = settled_video(*server, creator, id);
    EXPECT_EQ(video["status"].as_string(), "ready");
    EXPECT_EQ(moderation_state(video), "held");
    EXPECT_NE(moderation_reason(video).find("classifier: " + label), std::string::npos) << moderation_reason(video);
    EXPECT_EQ(server->client().get("/api/videos/" + id).status, 404);
    const auto cases = server->client().get("/api/moderation/cases?source=review", moderator.access_token);
    EXPECT_NE(cases.body.find(id), std::string::npos) << cases.body;
  }
  {  // reject: failed with the reason, nothing kept, the encode stopped
    std::vector<std::string> rules{rule(label, under, "reject")};
    auto server = server_with(rules, "hold");
    TestUser creator = server->user_with_role("creator", "maker");
    const std::string id = tus_upload(server->client(), creator.access_token, clip);
    object video = settled_video(*server, creator, id);
    EXPECT_EQ(video["status"].as_string(), "failed");
    EXPECT_EQ(video["failure_reason"].as_string().subview().substr(0, 21), "refused: classifier: ")
        << video["failure_reason"];
    EXPECT_EQ(server->stored_blob("videos/" + id + "/source"), "");
    EXPECT_EQ(server->stored_blob("videos/" + id + "/hls/master.m3u8"), "") << "the encode beside it is stopped";
    EXPECT_NE(server->client().get("/api/videos/" + id + "/playback").status, 200);
  }
  {  // a rule whose label scores below it changes nothing
    auto server = server_with({rule(weakest, std::ceil((weakest_score + 0.05) * 1000) / 1000, "reject")}, "hold");
    TestUser creator = server->user_with_role("creator", "maker");
    const std::string id = tus_upload(server->client(), creator.access_token, clip);
    EXPECT_EQ(settled_video(*server, creator, id)["status"].as_string(), "ready");
  }
}

TEST_F(Classifier, AClassifierThatCannotAnswerHoldsOrPublishesAsConfigured) {
  // Nothing listens there, and the classifier's own health page does not speak the protocol.
  const std::string health = classifier->url().substr(0, classifier->url().rfind('/')) + "/health";
  for (const std::string& url : {std::string("http://127.0.0.1:9/classify"), health}) {
    auto closed = server_with({"porn>=0.8:adult"}, "hold", url);
    TestUser creator = closed->user_with_role("creator", "maker");
    const std::string id = tus_upload(closed->client(), creator.access_token, clip);
    object video = settled_video(*closed, creator, id);
    EXPECT_EQ(video["status"].as_string(), "ready") << url;
    EXPECT_EQ(moderation_state(video), "held") << url;
    EXPECT_NE(moderation_reason(video).find("could not be classified"), std::string::npos) << moderation_reason(video);
    EXPECT_EQ(closed->client().get("/api/videos/" + id).status, 404);
    EXPECT_NE(closed->client().get("/metrics").body.find("marquee_uploads_unclassified_total 1"), std::string::npos);
  }
  auto open = server_with({"porn>=0.8:adult"}, "publish", "http://127.0.0.1:9/classify");
  TestUser creator = open->user_with_role("creator", "maker");
  const std::string id = tus_upload(open->client(), creator.access_token, clip);
  object video = settled_video(*open, creator, id);
  EXPECT_EQ(video["status"].as_string(), "ready");
  EXPECT_EQ(moderation_state(video), "");
  EXPECT_EQ(open->client().get("/api/videos/" + id).status, 200);
}

TEST_F(Classifier, ARuleThatDoesNotParseStopsTheStart) {
  EXPECT_THROW(server_with({"porn>0.8:adult"}, "hold"), Error);
  EXPECT_THROW(server_with({"porn>=1.5:hold"}, "hold"), Error);
  EXPECT_THROW(server_with({"porn>=0.8:ban"}, "hold"), Error);
}

}  // namespace
}  // namespace marquee::testing

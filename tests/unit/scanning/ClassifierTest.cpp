// The classifier protocol's messages, the operator's rules and what they decide, hostile
// answers included.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/Crypto.h"
#include "core/Error.h"
#include "scanning/ClassifierProtocol.h"
#include "scanning/ClassifierRules.h"

namespace marquee::scanning {
namespace {

using Action = ClassifierRule::Action;

TEST(ClassifierRules, ReadWhatAnOperatorWrites) {
  const auto rule = parse_classifier_rule(" Porn >= 0.8 : adult ");
  ASSERT_TRUE(rule);
  EXPECT_EQ(rule->label, "porn");
  EXPECT_DOUBLE_EQ(rule->threshold, 0.8);
  EXPECT_EQ(rule->action, Action::adult);
  EXPECT_EQ(parse_classifier_rule("sexy>=1:hold")->action, Action::hold);
  EXPECT_EQ(parse_classifier_rule("gore_v2>=0:reject")->action, Action::reject);
  for (const char* bad : {"", "porn", "porn>0.8:adult", "porn>=0.8", "porn>=:adult", ">=0.8:adult", "porn>=1.01:hold",
                          "porn>=-0.1:hold", "porn>=nan:hold", "porn>=0.8:ban", "porn>=0.8x:hold", "p rn>=0.8:hold",
                          "porn>=0.8:adult:hold"}) {
    EXPECT_FALSE(parse_classifier_rule(bad)) << bad;
  }
  EXPECT_EQ(parse_classifier_rules({"porn>=0.8:adult", " ", "hentai>=0.9:hold"}).size(), 2u);
  try {
    parse_classifier_rules({"porn>=0.8:adult", "sexy=0.9:hold"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_NE(std::string(e.what()).find("sexy=0.9:hold"), std::string::npos) << e.what();
  }
}

TEST(ClassifierRules, EveryRuleThatAppliesIsAppliedAndTheStrongestNamedFirst) {
  const auto rules = parse_classifier_rules({"porn>=0.8:adult", "porn>=0.95:hold", "gore>=0.5:reject"});
  const auto none = judge(rules, {{"porn", 0.79}, {"neutral", 0.99}});
  EXPECT_FALSE(none.restrict_age || none.hold || none.reject);
  EXPECT_EQ(none.reason, "");
  const auto adult = judge(rules, {{"porn", 0.8}});
  EXPECT_TRUE(adult.restrict_age);
  EXPECT_FALSE(adult.hold);
  EXPECT_EQ(adult.reason, "classifier: porn 0.80 >= 0.80");
  const auto held = judge(rules, {{"porn", 0.97}});
  EXPECT_TRUE(held.restrict_age && held.hold && !held.reject);
  EXPECT_EQ(held.reason, "classifier: porn 0.97 >= 0.95, porn 0.97 >= 0.80");
  const auto refused = judge(rules, {{"porn", 0.97}, {"gore", 0.6}});
  EXPECT_TRUE(refused.reject);
  EXPECT_EQ(refused.reason.rfind("classifier: gore 0.60 >= 0.50", 0), 0u) << refused.reason;
  EXPECT_EQ(judge({}, {{"porn", 1.0}}).reason, "");
}

TEST(ClassifierProtocol, TheRequestCarriesEveryFrameAsBase64Jpeg) {
  const auto body = boost::json::parse(classifier_request("v1", {{500, "\xff\xd8jpeg-a"}, {1500, "\xff\xd8jpeg-b"}}));
  EXPECT_EQ(body.at("video_id").as_string(), "v1");
  const auto& frames = body.at("frames").as_array();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].at("at_ms").as_int64(), 1500);
  EXPECT_EQ(frames[1].at("content_type").as_string(), "image/jpeg");
  EXPECT_EQ(crypto::base64_decode(frames[1].at("data").as_string()), "\xff\xd8jpeg-b");
}

TEST(ClassifierProtocol, AReplyGivesEachLabelItsHighestScoreOverTheFrames) {
  const auto scores = parse_classifier_reply(
      R"({"model":"m","frames":[{"at_ms":1,"labels":{"Porn":0.2,"neutral":0.7}},)"
      R"({"at_ms":2,"labels":{"porn":0.9,"neutral":0}},{"labels":{"drawing":1}}]})");
  EXPECT_EQ(scores.size(), 3u);
  EXPECT_DOUBLE_EQ(scores.at("porn"), 0.9);
  EXPECT_DOUBLE_EQ(scores.at("neutral"), 0.7);
  EXPECT_DOUBLE_EQ(scores.at("drawing"), 1.0);
}

TEST(ClassifierProtocol, AnAnswerOutsideTheProtocolIsUnavailableNeverTrusted) {
  for (const std::string& bad : std::vector<std::string>{"", "nope", "[]", "{}", R"({"frames":[]})", R"({"frames":{}})", R"({"frames":[1]})",
        R"({"frames":[{"labels":[]}]})", R"({"frames":[{"labels":{"porn":"0.9"}}]})",
        R"({"frames":[{"labels":{"porn":1.5}}]})", R"({"frames":[{"labels":{"porn":-0.1}}]})",
        R"({"frames":[{"labels":{"":0.5}}]})", R"({"frames":[{"labels":{"porn":1e400}}]})",
        R"({"frames":[{"labels":{")" + std::string(65, 'a') + R"(":0.5}}]})"}) {
    try {
      parse_classifier_reply(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unavailable) << bad;
    }
  }
}

}  // namespace
}  // namespace marquee::scanning

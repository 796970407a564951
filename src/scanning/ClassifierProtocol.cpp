#include "scanning/ClassifierProtocol.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Text.h"

namespace marquee::scanning {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxFrames = 1'000;
constexpr std::size_t kMaxLabels = 1'000;
constexpr std::size_t kMaxLabelBytes = 64;

[[noreturn]] void bad_reply(const std::string& what) {
  throw Error(ErrorCode::unavailable, "the classifier's answer is not the protocol's: " + what);
}

}  // namespace

std::string classifier_request(const std::string& video_id, const std::vector<media::SampledFrame>& frames) {
  bj::array items;
  items.reserve(frames.size());
  for (const auto& frame : frames) {
    items.push_back(bj::object{
        {"at_ms", frame.at_ms}, {"content_type", "image/jpeg"}, {"data", crypto::base64_encode(frame.jpeg)}});
  }
  return bj::serialize(bj::object{{"video_id", video_id}, {"frames", std::move(items)}});
}

LabelScores parse_classifier_reply(std::string_view body) {
  boost::system::error_code ec;
  bj::value reply = bj::parse(body, ec);
  if (ec) bad_reply("not JSON");
  const bj::object* object = reply.if_object();
  const bj::value* frames = object ? object->if_contains("frames") : nullptr;
  if (!frames || !frames->is_array() || frames->as_array().empty()) bad_reply("no `frames` array");
  if (frames->as_array().size() > kMaxFrames) bad_reply("too many frames");
  LabelScores scores;
  for (const auto& frame : frames->as_array()) {
    const bj::value* labels = frame.is_object() ? frame.as_object().if_contains("labels") : nullptr;
    if (!labels || !labels->is_object()) bad_reply("a frame without a `labels` object");
    for (const auto& [label, value] : labels->as_object()) {
      if (label.empty() || label.size() > kMaxLabelBytes) bad_reply("a label of " + std::to_string(label.size()) + " bytes");
      if (!value.is_number()) bad_reply("the score of a label is not a number");
      const double score = value.to_number<double>();
      if (!std::isfinite(score) || score < 0.0 || score > 1.0) bad_reply("a score outside 0..1");
      double& best = scores.try_emplace(text::lower_ascii(label), 0.0).first->second;
      best = std::max(best, score);
      if (scores.size() > kMaxLabels) bad_reply("too many labels");
    }
  }
  return scores;
}

}  // namespace marquee::scanning

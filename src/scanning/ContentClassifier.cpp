#include "scanning/ContentClassifier.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "core/Error.h"
#include "core/ScopedPath.h"
#include "media/Probe.h"

namespace marquee::scanning {

using videos::ScreenVerdict;

ContentClassifier::ContentClassifier(ClassifierPolicy policy)
    : policy_(std::move(policy)), rules_(parse_classifier_rules(policy_.rules)), client_(policy_.url, policy_.timeout) {}

ScreenVerdict ContentClassifier::screen(const videos::Video& video, const std::string& source_path) {
  if (!enabled()) return {};
  std::vector<media::SampledFrame> frames;
  try {
    const media::MediaInfo info = media::probe_media(source_path);
    // The sampler's JPEGs land here for a moment; the directory goes however this ends.
    const ScopedPath dir(policy_.work_dir + "/classify-" + video.id);
    std::filesystem::create_directories(dir.path());
    media::FrameSampleOptions options;
    options.count = policy_.frames;
    frames = media::sample_frames(source_path, info.duration_ms, dir.path(), options);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::unprocessable) throw;
    // Not a video Marquee can make: the transcode says so to the uploader, in its words.
    spdlog::info("video {}: not classified, the source does not read as a video ({})", video.id, e.what());
    return {};
  }

  LabelScores scores;
  try {
    if (frames.empty()) throw Error(ErrorCode::unavailable, "no frame to classify");
    scores = client_.classify(video.id, frames);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::unavailable) throw;
    ++unclassified_;
    spdlog::warn("video {}: could not be classified ({}){}", video.id, e.what(),
                 policy_.hold_unclassified ? "; held for review"
                                           : "; published anyway (scanning.when_unscanned = publish)");
    if (!policy_.hold_unclassified) return {};
    return {ScreenVerdict::Action::hold, "held for review: the upload could not be classified (the classifier "
                                         "did not answer)"};
  }
  ++classified_;
  const ClassifierJudgement judgement = judge(rules_, scores);
  if (judgement.reason.empty()) return {};
  ++flagged_;
  spdlog::warn("video {} of {}: {}", video.id, video.owner_id, judgement.reason);
  ScreenVerdict verdict;
  verdict.restrict_age = judgement.restrict_age;
  if (judgement.reject) {
    verdict.action = ScreenVerdict::Action::reject;
    verdict.reason = "refused: " + judgement.reason;
  } else if (judgement.hold) {
    verdict.action = ScreenVerdict::Action::hold;
    verdict.reason = "held for review: " + judgement.reason;
  } else {
    verdict.reason = "age-restricted: " + judgement.reason;
  }
  return verdict;
}

}  // namespace marquee::scanning

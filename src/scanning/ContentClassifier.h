#pragma once
// Image classification of every uploaded video before it can become public
// (scanning.classifier_url), as a source screen that runs beside the encode
// (videos/SourceScreen.h): the video turns playable only once it answered, and a refusal stops
// the encode. A few frames spread over the video (media/FrameSampler.h) go to the
// classifier (ClassifierClient.h), and the operator's rules (ClassifierRules.h) turn its scores
// into actions: mark the video adult, hold it for review, or reject it. tools/classifier runs
// the NSFW model bundled in nsfwjs, offline, on the CPU.
//
// A classifier that cannot answer (down, timed out, an answer outside the protocol) follows
// scanning.when_unscanned, as clamd does: hold the video for review (fail closed, the default)
// or let it through with a warning (fail open). A source ffmpeg cannot read is let through:
// the transcode that follows refuses it with the reason the uploader needs.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "scanning/ClassifierClient.h"
#include "scanning/ClassifierRules.h"
#include "videos/SourceScreen.h"

namespace marquee::scanning {

struct ClassifierPolicy {
  std::string url;  // "" : no classification
  std::vector<std::string> rules;  // ClassifierRules.h
  int frames = 5;
  std::chrono::milliseconds timeout{30'000};
  bool hold_unclassified = true;
  std::string work_dir;  // where the sampled frames are written for a moment
};

class ContentClassifier {
 public:
  // Throws Error(validation_failed) on a rule that does not parse.
  explicit ContentClassifier(ClassifierPolicy policy);

  bool enabled() const { return !policy_.url.empty(); }
  videos::ScreenVerdict screen(const videos::Video& video, const std::string& source_path);

  struct Counters {
    std::uint64_t classified = 0;    // videos the classifier answered for
    std::uint64_t flagged = 0;       // of which a rule applied to
    std::uint64_t unclassified = 0;  // the classifier did not answer
  };
  Counters counters() const { return {classified_.load(), flagged_.load(), unclassified_.load()}; }

 private:
  ClassifierPolicy policy_;
  std::vector<ClassifierRule> rules_;
  ClassifierClient client_;
  std::atomic<std::uint64_t> classified_{0}, flagged_{0}, unclassified_{0};
};

}  // namespace marquee::scanning

#pragma once
// Asks the classifier at scanning.classifier_url about a video's sampled frames
// (ClassifierProtocol.h), over HTTP.
#include <chrono>
#include <string>
#include <vector>

#include "scanning/ClassifierProtocol.h"

namespace marquee::scanning {

class ClassifierClient {
 public:
  ClassifierClient(std::string url, std::chrono::milliseconds timeout) : url_(std::move(url)), timeout_(timeout) {}

  // Throws Error(unavailable) when the classifier does not answer, answers other than 200, or
  // answers something else than the protocol says.
  LabelScores classify(const std::string& video_id, const std::vector<media::SampledFrame>& frames) const;

 private:
  std::string url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace marquee::scanning

#pragma once
// The classifier protocol's messages (docs/security.md#the-classifier-protocol): a few JPEG
// frames of a video go to scanning.classifier_url as JSON, and the answer's labels and scores
// come back, per label the highest over the frames. tools/classifier speaks it; ClassifierClient
// makes the call.
#include <string>
#include <string_view>
#include <vector>

#include "media/FrameSampler.h"
#include "scanning/ClassifierRules.h"

namespace marquee::scanning {

// The request body: {"video_id", "frames": [{"at_ms", "content_type": "image/jpeg", "data": base64}]}.
std::string classifier_request(const std::string& video_id, const std::vector<media::SampledFrame>& frames);

// Reads a 200 answer, {"frames": [{"labels": {"<label>": score 0..1, …}}, …]} (other fields
// ignored): per lowercase label, the highest score of any frame. Throws Error(unavailable)
// saying what is wrong with an answer that is not that.
LabelScores parse_classifier_reply(std::string_view body);

}  // namespace marquee::scanning

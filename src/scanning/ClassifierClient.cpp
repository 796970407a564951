#include "scanning/ClassifierClient.h"

#include "core/Error.h"
#include "net/HttpClient.h"

namespace marquee::scanning {

LabelScores ClassifierClient::classify(const std::string& video_id,
                                       const std::vector<media::SampledFrame>& frames) const {
  net::HttpCall call;
  call.method = "POST";
  call.url = url_;
  call.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  call.body = classifier_request(video_id, frames);
  call.timeout = timeout_;
  const net::HttpReply reply = net::send_http(call);
  if (reply.status != 200) {
    std::string said = reply.body.substr(0, 200);
    throw Error(ErrorCode::unavailable, "the classifier answered " + std::to_string(reply.status) +
                                            (said.empty() ? "" : ": " + said));
  }
  return parse_classifier_reply(reply.body);
}

}  // namespace marquee::scanning

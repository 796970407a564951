#pragma once
// What an uploader sees of a video the upload screens looked at (malware scanning, the
// classifier): its state once processing settled, and the moderation hold, if any.
#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "support/TestServer.h"

namespace marquee::testing {

// The video as its owner sees it once processing settled (ready or failed), within 60 s.
inline boost::json::object settled_video(TestServer& server, const TestUser& owner, const std::string& id) {
  boost::json::object video;
  for (int i = 0; i < 600; ++i) {
    video = server.client().get("/api/videos/" + id, owner.access_token).json().as_object();
    const auto status = video["status"].as_string();
    if (status == "ready" || status == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return video;
}

// "held" while it waits for the moderators, "" when it is not held.
inline std::string moderation_state(const boost::json::object& video) {
  const auto* moderation = video.if_contains("moderation");
  if (!moderation || moderation->is_null()) return "";
  return std::string(moderation->as_object().at("state").as_string());
}

inline std::string moderation_reason(const boost::json::object& video) {
  return std::string(video.at("moderation").as_object().at("reason").as_string());
}

}  // namespace marquee::testing

#include "scanning/UploadScanner.h"

#include <spdlog/spdlog.h>

namespace marquee::scanning {

using videos::ScreenVerdict;

UploadScanner::UploadScanner(const ScanPolicy& policy) : policy_(policy) {
  if (!policy_.clamd.empty()) {
    client_ = std::make_unique<ClamdClient>(parse_clamd_address(policy_.clamd), policy_.timeout);
    pinger_ = std::make_unique<ClamdClient>(parse_clamd_address(policy_.clamd), std::chrono::seconds(2));
  }
}

std::string UploadScanner::problem() {
  if (!pinger_) return "";
  std::lock_guard lock(ping_mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (pinged_at_ != std::chrono::steady_clock::time_point{} && now - pinged_at_ < std::chrono::seconds(5)) {
    return last_problem_;
  }
  const std::string answer = pinger_->ping();
  pinged_at_ = now;
  last_problem_ = answer == "PONG" ? "" : answer;
  return last_problem_;
}

ScreenVerdict UploadScanner::screen(const videos::Video& video, const std::string& source_path) {
  if (!client_) return {};
  const ScanResult result = client_->scan_file(source_path);
  switch (result.outcome) {
    case ScanResult::Outcome::clean:
      ++scanned_;
      return {};
    case ScanResult::Outcome::infected:
      ++scanned_;
      ++infected_;
      spdlog::warn("video {} of {}: clamd matched {}", video.id, video.owner_id, result.signature);
      if (policy_.reject_malware) return {ScreenVerdict::Action::reject, "malware: " + result.signature};
      return {ScreenVerdict::Action::hold, "held for review: the malware scanner matched " + result.signature};
    case ScanResult::Outcome::too_large:
    case ScanResult::Outcome::error:
      break;
  }
  ++unscanned_;
  const std::string why = result.outcome == ScanResult::Outcome::too_large ? result.message : "the scanner failed";
  spdlog::warn("video {}: could not be scanned ({}){}", video.id, result.message,
               policy_.hold_unscanned ? "; held for review" : "; published anyway (scanning.when_unscanned = publish)");
  if (!policy_.hold_unscanned) return {};
  return {ScreenVerdict::Action::hold, "held for review: the upload could not be scanned for malware (" + why + ")"};
}

}  // namespace marquee::scanning

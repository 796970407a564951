#pragma once
// Malware scanning of every uploaded source before its video can become public, through clamd
// (ClamdClient.h), as a source screen of the transcode (videos/SourceScreen.h). The policy:
// - a match is rejected (the video fails with "malware: <signature>" and its source is
//   deleted), or held for the moderators when scanning.malware = hold;
// - a source that could not be scanned whole (clamd down, timed out, or the file beyond its
//   StreamMaxLength) is held for review when scanning.when_unscanned = hold (fail closed, the
//   default), or let through with a warning when it is `publish` (fail open).
#include <atomic>
#include <memory>
#include <mutex>
#include <cstdint>
#include <string>

#include "scanning/ClamdClient.h"
#include "videos/SourceScreen.h"

namespace marquee::scanning {

struct ScanPolicy {
  std::string clamd;  // "" : no scanning
  bool reject_malware = true;
  bool hold_unscanned = true;
  std::chrono::milliseconds timeout{300'000};
};

class UploadScanner {
 public:
  // Throws Error(validation_failed) on a malformed clamd address.
  explicit UploadScanner(const ScanPolicy& policy);

  bool enabled() const { return client_ != nullptr; }
  // "" while clamd answers a PING; else what is wrong (the readiness check). Asks clamd at most
  // every few seconds, with a short timeout: /api/ready is public.
  std::string problem();
  videos::ScreenVerdict screen(const videos::Video& video, const std::string& source_path);

  struct Counters {
    std::uint64_t scanned = 0;    // sources clamd read whole
    std::uint64_t infected = 0;   // of which matched a signature
    std::uint64_t unscanned = 0;  // clamd down or the source too large for it
  };
  Counters counters() const { return {scanned_.load(), infected_.load(), unscanned_.load()}; }

 private:
  ScanPolicy policy_;
  std::unique_ptr<ClamdClient> client_;
  std::unique_ptr<ClamdClient> pinger_;  // the same clamd, with a short timeout
  std::mutex ping_mutex_;
  std::chrono::steady_clock::time_point pinged_at_;  // guarded by ping_mutex_
  std::string last_problem_;                         // guarded by ping_mutex_
  std::atomic<std::uint64_t> scanned_{0}, infected_{0}, unscanned_{0};
};

}  // namespace marquee::scanning

#pragma once
// A client of ClamAV's daemon (clamd) over its INSTREAM command, on a Unix socket
// ("unix:/run/clamav/clamd.ctl") or TCP ("tcp://127.0.0.1:3310"): the file is sent in chunks,
// each a 4-byte big-endian length and its bytes, ended by a zero length, and clamd answers one
// line ("stream: OK", "stream: <signature> FOUND", "INSTREAM size limit exceeded. ERROR").
// clamd stops reading at its StreamMaxLength and says so; that is a verdict of its own here, so
// the policy decides what an unscanned remainder means.
#include <chrono>
#include <string>
#include <string_view>

namespace marquee::scanning {

struct ClamdAddress {
  bool unix_socket = true;
  std::string path;  // unix
  std::string host;  // tcp
  std::string port;
};

// Throws Error(validation_failed) naming scanning.clamd when `text` is neither form.
ClamdAddress parse_clamd_address(std::string_view text);

struct ScanResult {
  enum class Outcome {
    clean,
    infected,   // `signature` names what matched
    too_large,  // clamd stopped at its StreamMaxLength
    error,      // clamd unreachable, timed out or answered something else: `message` says what
  };
  Outcome outcome = Outcome::error;
  std::string signature;
  std::string message;
};

// Reads clamd's one-line answer (without its terminating NUL or newline).
ScanResult parse_clamd_reply(std::string_view reply);

class ClamdClient {
 public:
  ClamdClient(ClamdAddress address, std::chrono::milliseconds timeout);

  // Streams the file at `path` to clamd. Never throws: an unreachable clamd is an `error`.
  ScanResult scan_file(const std::string& path) const;
  // "PONG" when clamd answers; an error message otherwise.
  std::string ping() const;

 private:
  int connect_socket(std::string& error) const;

  ClamdAddress address_;
  std::chrono::milliseconds timeout_;
};

}  // namespace marquee::scanning

#pragma once
// A real clamd for tests, on a Unix socket in a temp dir, with a signature database made at
// test time (no download): an MD5 signature of the EICAR test file and a body signature of a
// marker string, so a test can make a "malware" upload of any shape. clamd scans at most
// `stream_max_length` bytes of a stream ("128K"), so a test can also exceed it.
#include <sys/types.h>

#include <string>

namespace marquee::testing {

class OwnClamd {
 public:
  // Throws when clamd cannot start; available() says whether it is installed at all.
  explicit OwnClamd(const std::string& stream_max_length = "128K");
  ~OwnClamd();
  OwnClamd(const OwnClamd&) = delete;
  OwnClamd& operator=(const OwnClamd&) = delete;

  static bool available();
  std::string address() const { return "unix:" + socket_; }

  // The 68 bytes of the EICAR test file, and what clamd names its match.
  static std::string eicar();
  static constexpr const char* kEicarName = "Marquee.Test.EICAR.UNOFFICIAL";
  // Bytes whose presence anywhere in a file is a match, and its name.
  static constexpr const char* kMarker = "MARQUEE-TEST-MALWARE-MARKER";
  static constexpr const char* kMarkerName = "Marquee.Test.Marker.UNOFFICIAL";

 private:
  std::string dir_;
  std::string socket_;
  pid_t pid_ = -1;
};

}  // namespace marquee::testing

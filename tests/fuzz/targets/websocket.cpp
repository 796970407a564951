// WebSocket frames from a client, fed in pieces of fuzzed sizes: every event leaves the reader
// consistent, a protocol error carries a close code, and a message never exceeds the limit.
#include "FuzzSupport.h"
#include "realtime/WebSocketFrames.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee::realtime::ws;
  namespace fuzz = marquee::fuzz;
  std::string_view rest = fuzz::bytes_of(data, size);
  constexpr std::size_t kLimit = 4096;
  FrameReader reader(kLimit);
  std::size_t step = 7;
  while (!rest.empty()) {
    std::string_view piece = rest.substr(0, std::min(rest.size(), step));
    step = step * 5 % 61 + 1;
    while (!piece.empty()) {
      std::size_t consumed = 0;
      const auto event = reader.feed(piece, consumed);
      fuzz::require(consumed <= piece.size());
      if (event == FrameReader::Event::error) {
        fuzz::require(reader.error_code() >= 1000);
        return 0;
      }
      if (event == FrameReader::Event::message) fuzz::require(reader.take_message().size() <= kLimit);
      if (event == FrameReader::Event::control) (void)parse_close(reader.take_control());
      if (consumed == 0) break;
      piece.remove_prefix(consumed);
      rest.remove_prefix(consumed);
    }
  }
  return 0;
}

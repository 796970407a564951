// Engine.IO v4 frames and long-polling payloads, and the Socket.IO v5 packets inside them.
#include "FuzzSupport.h"
#include "realtime/EngineIoPacket.h"
#include "realtime/SocketIoPacket.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view text = fuzz::bytes_of(data, size);
  fuzz::refusal_is_fine([&] { (void)realtime::engineio::decode_text_frame(text); });
  fuzz::refusal_is_fine([&] {
    if (auto packets = realtime::engineio::decode_payload(text, 100)) fuzz::require(packets->size() <= 100);
  });
  fuzz::refusal_is_fine([&] { (void)realtime::socketio::decode(text, 10'000); });
  return 0;
}

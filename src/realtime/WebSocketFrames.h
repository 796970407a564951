#pragma once
// RFC 6455 framing, server side, without I/O: a reader that turns a client's bytes into
// messages and control frames (checking everything the RFC makes a protocol error), and the
// headers of the server's own frames (unmasked). The WebSocket connection (WebSocketPipe)
// reads into a buffer shared by its thread and feeds it here, so an idle socket holds no
// read buffer at all.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace marquee::realtime::ws {

enum class Opcode : std::uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

inline constexpr std::uint16_t kCloseNormal = 1000;
inline constexpr std::uint16_t kCloseGoingAway = 1001;
inline constexpr std::uint16_t kCloseProtocolError = 1002;
inline constexpr std::uint16_t kCloseUnsupportedData = 1003;
inline constexpr std::uint16_t kCloseInvalidPayload = 1007;
inline constexpr std::uint16_t kClosePolicy = 1008;
inline constexpr std::uint16_t kCloseTooBig = 1009;

// The header of a server frame (FIN set, no mask) carrying `payload_bytes`: 2 to 10 bytes.
std::string frame_header(Opcode opcode, std::size_t payload_bytes);
// A whole close frame: code and reason (cut to fit the 125-byte control frame limit).
std::string close_frame(std::uint16_t code, std::string_view reason);

class FrameReader {
 public:
  explicit FrameReader(std::size_t max_message_bytes) : max_message_(max_message_bytes) {}

  enum class Event {
    need_more,  // everything given was consumed; nothing complete yet
    message,    // a whole data message: take_message()
    control,    // a ping, pong or close frame: opcode(), take_control()
    error,      // the client broke the protocol: close with error_code()
  };
  // Consumes bytes until something completes (or they run out): `consumed` says how many.
  // After an error nothing more is read.
  Event feed(std::string_view bytes, std::size_t& consumed);

  std::string take_message() { return std::move(message_); }
  bool message_is_binary() const { return message_binary_; }
  Opcode control_opcode() const { return control_opcode_; }
  std::string take_control() { return std::move(control_); }
  std::uint16_t error_code() const { return error_; }
  // Bytes of an unfinished message held (the idle cost of a socket mid-message).
  std::size_t buffered() const { return message_.size(); }

 private:
  Event fail(std::uint16_t code) {
    error_ = code;
    return Event::error;
  }
  Event header_complete();

  const std::size_t max_message_;
  // The frame being read.
  std::uint8_t header_[14] = {};
  std::size_t header_have_ = 0;
  std::size_t header_need_ = 2;
  bool in_payload_ = false;
  bool fin_ = false;
  Opcode opcode_ = Opcode::continuation;
  std::uint64_t payload_left_ = 0;
  std::uint8_t mask_[4] = {};
  std::size_t mask_at_ = 0;
  // The message being assembled (data frames) and the control frame (interleaved).
  bool in_message_ = false;
  bool message_binary_ = false;
  std::string message_;
  Opcode control_opcode_ = Opcode::close;
  std::string control_;
  std::uint16_t error_ = 0;
};

// A close frame's payload: its code (1005 when there is none), or nullopt-like 0 with
// `valid` false when the code or reason breaks the RFC.
struct CloseInfo {
  bool valid = true;
  std::uint16_t code = 1005;
};
CloseInfo parse_close(std::string_view payload);

}  // namespace marquee::realtime::ws

#pragma once
// Socket.IO protocol v5 packets, their text form and the reassembly of binary packets,
// without I/O. Decoding follows socket.io-parser v4 and is stricter where that is safer:
// bounded sizes, JSON depth, attachment counts and ack ids; a payload where the type
// needs one. Decoders take untrusted text and answer nullopt instead of throwing.
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::realtime::socketio {

enum class PacketType { connect = 0, disconnect = 1, event = 2, ack = 3, connect_error = 4, binary_event = 5, binary_ack = 6 };

struct Packet {
  PacketType type = PacketType::event;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;          // ack id
  std::optional<boost::json::value> data;   // absent when the packet has no payload
  std::size_t attachments = 0;              // binary_event / binary_ack: number of binary attachments
  std::vector<std::string> buffers;         // the attachments, once reassembled (in order)

  friend bool operator==(const Packet&, const Packet&) = default;
};

// Limits of decode: JSON nesting, attachments of one binary packet (socket.io-parser's
// default maxAttachments), and the largest ack id (JavaScript's Number.MAX_SAFE_INTEGER,
// so an id comes back to a JavaScript client exactly).
inline constexpr std::size_t kMaxJsonDepth = 32;
inline constexpr std::size_t kMaxAttachments = 10;
inline constexpr std::uint64_t kMaxAckId = (std::uint64_t{1} << 53) - 1;

// Text form: 2["like_update",{...}], 3/admin,12[...], 0{"sid":"x"} (Engine.IO adds its own
// '4'). Binary types write their attachments count ("51-..."); buffers are not written.
// Precondition: nsp is "/" or empty, or starts with '/' and holds no ','.
std::string encode(const Packet& p);

// Parses one text Socket.IO packet; nullopt when malformed or longer than max_bytes:
//   type digit 0..6; for 5/6 a decimal attachments count (at most kMaxAttachments) and '-';
//   an optional namespace from '/' up to ',' or the end (valid UTF-8, no control
//   characters); an optional decimal ack id (at most kMaxAckId); an optional JSON payload
//   that must parse fully (UTF-8, depth at most kMaxJsonDepth).
// Per type (socket.io-parser isPayloadValid, payload required where marked):
//   connect: absent or object; disconnect: absent; connect_error*: object or string;
//   event*/binary_event*: non-empty array whose first element is a string (the event name);
//   ack*/binary_ack*: array. In binary packets every placeholder
//   {"_placeholder":true,"num":n} must have an integer n in 0..attachments-1.
std::optional<Packet> decode(std::string_view text, std::size_t max_bytes = 1'000'000);

// Reassembles BINARY_EVENT / BINARY_ACK: after a header with N attachments, the next N
// binary Engine.IO messages are its buffers. After malformed the assembler starts over
// (the caller should close the connection).
class PacketAssembler {
 public:
  enum class Status { complete, need_more, malformed };

  explicit PacketAssembler(std::size_t max_text_bytes = 1'000'000) : max_text_bytes_(max_text_bytes) {}

  // A text Engine.IO message; malformed when it does not decode or buffers are awaited.
  Status add_text(std::string_view text);
  // A binary Engine.IO message; malformed when none is expected.
  Status add_binary(std::string_view bytes);
  // The completed packet (after complete). Binary packets keep their type, their
  // placeholders in data, and their attachments in buffers.
  Packet take();

 private:
  std::size_t max_text_bytes_;
  std::optional<Packet> pending_;  // a binary header still waiting for buffers
  Packet done_;
};

}  // namespace marquee::realtime::socketio

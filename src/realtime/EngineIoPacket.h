#pragma once
// Engine.IO protocol v4 packets and their two wire forms, without I/O: WebSocket frames
// (one packet per frame) and HTTP long-polling payloads (packets joined by U+001E).
// Decoders take untrusted bytes and answer nullopt instead of throwing.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::realtime::engineio {

enum class PacketType : char { open = '0', close = '1', ping = '2', pong = '3', message = '4', upgrade = '5', noop = '6' };

struct Packet {
  PacketType type = PacketType::message;
  std::string data;     // for a binary packet: the raw bytes
  bool binary = false;  // only message packets may be binary

  friend bool operator==(const Packet&, const Packet&) = default;
};

// The record separator between packets of a polling payload.
inline constexpr char kRecordSeparator = '\x1e';

// WebSocket transport: a text frame is the type character followed by the data; a binary
// message packet is sent as a binary frame of its raw bytes.
std::string encode_text_frame(const Packet& p);  // precondition !p.binary
// nullopt when malformed: empty, or an unknown type character.
std::optional<Packet> decode_text_frame(std::string_view frame);
// A binary WebSocket frame is a binary message packet.
Packet binary_frame_packet(std::string_view bytes);

// Polling transport: packets joined by kRecordSeparator; a binary packet is 'b' followed
// by the standard, padded base64 of its bytes. Precondition: text packets hold no
// kRecordSeparator (Socket.IO text never does: JSON escapes U+001E).
std::string encode_payload(const std::vector<Packet>& packets);
// nullopt on a malformed payload: empty payload, empty record, unknown type, bad base64
// (wrong alphabet, length not a multiple of 4, misplaced padding), or more than
// max_packets records.
std::optional<std::vector<Packet>> decode_payload(std::string_view body, std::size_t max_packets = 1000);

}  // namespace marquee::realtime::engineio

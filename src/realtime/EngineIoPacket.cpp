#include "realtime/EngineIoPacket.h"

#include <algorithm>
#include <cassert>

#include "core/Crypto.h"

namespace marquee::realtime::engineio {

namespace {

std::optional<PacketType> type_from_char(char c) {
  if (c < '0' || c > '6') return std::nullopt;
  return static_cast<PacketType>(c);
}

// Engine.IO clients send padded base64 (btoa, Buffer#toString("base64")); anything else
// is refused rather than guessed at.
std::optional<std::string> strict_base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (padding > 2) return std::nullopt;
  return crypto::base64_decode(text);  // rejects characters outside the alphabet, '=' inside
}

}  // namespace

std::string encode_text_frame(const Packet& p) {
  assert(!p.binary);
  std::string out;
  out.reserve(1 + p.data.size());
  out += static_cast<char>(p.type);
  out += p.data;
  return out;
}

std::optional<Packet> decode_text_frame(std::string_view frame) {
  if (frame.empty()) return std::nullopt;
  auto type = type_from_char(frame.front());
  if (!type) return std::nullopt;
  return Packet{*type, std::string(frame.substr(1)), false};
}

Packet binary_frame_packet(std::string_view bytes) { return Packet{PacketType::message, std::string(bytes), true}; }

std::string encode_payload(const std::vector<Packet>& packets) {
  std::string out;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i > 0) out += kRecordSeparator;
    const Packet& p = packets[i];
    if (p.binary) {
      out += 'b';
      out += crypto::base64_encode(p.data);
    } else {
      out += static_cast<char>(p.type);
      out += p.data;
    }
  }
  return out;
}

std::optional<std::vector<Packet>> decode_payload(std::string_view body, std::size_t max_packets) {
  if (body.empty()) return std::nullopt;
  // Count before allocating anything, so a body of separators costs one scan.
  std::size_t records = 1 + static_cast<std::size_t>(std::count(body.begin(), body.end(), kRecordSeparator));
  if (records > max_packets) return std::nullopt;
  std::vector<Packet> packets;
  packets.reserve(records);
  std::size_t start = 0;
  while (true) {
    std::size_t end = body.find(kRecordSeparator, start);
    std::string_view record = body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (record.empty()) return std::nullopt;
    if (record.front() == 'b') {
      auto bytes = strict_base64_decode(record.substr(1));
      if (!bytes) return std::nullopt;
      packets.push_back(Packet{PacketType::message, std::move(*bytes), true});
    } else {
      auto packet = decode_text_frame(record);
      if (!packet) return std::nullopt;
      packets.push_back(std::move(*packet));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return packets;
}

}  // namespace marquee::realtime::engineio

#include "realtime/WebSocketFrames.h"

#include <algorithm>

#include "core/Text.h"

namespace marquee::realtime::ws {
namespace {

bool is_control(Opcode op) { return static_cast<std::uint8_t>(op) >= 8; }

bool known(std::uint8_t op) { return op <= 2 || (op >= 8 && op <= 10); }

}  // namespace

std::string frame_header(Opcode opcode, std::size_t n) {
  std::string header;
  header.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
  if (n < 126) {
    header.push_back(static_cast<char>(n));
  } else if (n <= 0xffff) {
    header.push_back(static_cast<char>(126));
    header.push_back(static_cast<char>((n >> 8) & 0xff));
    header.push_back(static_cast<char>(n & 0xff));
  } else {
    header.push_back(static_cast<char>(127));
    for (int i = 7; i >= 0; --i) header.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff));
  }
  return header;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xff));
  // 123 bytes at most, cut on a character boundary.
  std::size_t keep = std::min<std::size_t>(reason.size(), 123);
  while (keep > 0 && keep < reason.size() && (static_cast<unsigned char>(reason[keep]) & 0xc0) == 0x80) --keep;
  payload.append(reason.substr(0, keep));
  return frame_header(Opcode::close, payload.size()) + payload;
}

CloseInfo parse_close(std::string_view payload) {
  if (payload.empty()) return {true, 1005};
  if (payload.size() == 1) return {false, 0};
  auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                         static_cast<unsigned char>(payload[1]));
  bool allowed = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
  if (!allowed || !text::is_valid_utf8(payload.substr(2))) return {false, code};
  return {true, code};
}

FrameReader::Event FrameReader::header_complete() {
  const std::uint8_t b0 = header_[0];
  const std::uint8_t b1 = header_[1];
  fin_ = (b0 & 0x80) != 0;
  opcode_ = static_cast<Opcode>(b0 & 0x0f);
  std::uint64_t length = b1 & 0x7f;
  std::size_t at = 2;
  if (length == 126) {
    length = (std::uint64_t{header_[2]} << 8) | header_[3];
    if (length < 126) return fail(kCloseProtocolError);  // not the shortest encoding
    at = 4;
  } else if (length == 127) {
    length = 0;
    for (int i = 0; i < 8; ++i) length = (length << 8) | header_[2 + i];
    if ((length >> 63) != 0 || length <= 0xffff) return fail(kCloseProtocolError);
    at = 10;
  }
  std::copy(header_ + at, header_ + at + 4, mask_);
  mask_at_ = 0;
  if (is_control(opcode_)) {
    control_.clear();
    control_opcode_ = opcode_;
  } else {
    bool starts = opcode_ != Opcode::continuation;
    if (starts == in_message_) return fail(kCloseProtocolError);  // a new message inside one, or a stray continuation
    if (starts) {
      in_message_ = true;
      message_binary_ = opcode_ == Opcode::binary;
      message_.clear();
    }
    // No reserve for the declared length: memory grows only with bytes that actually arrive.
    if (length > max_message_ - std::min<std::size_t>(message_.size(), max_message_)) return fail(kCloseTooBig);
  }
  payload_left_ = length;
  in_payload_ = true;
  return Event::need_more;
}

FrameReader::Event FrameReader::feed(std::string_view bytes, std::size_t& consumed) {
  consumed = 0;
  if (error_ != 0) return Event::error;
  while (consumed < bytes.size() || (in_payload_ && payload_left_ == 0)) {
    if (!in_payload_) {
      std::size_t take = std::min(header_need_ - header_have_, bytes.size() - consumed);
      std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(consumed),
                bytes.begin() + static_cast<std::ptrdiff_t>(consumed + take), header_ + header_have_);
      header_have_ += take;
      consumed += take;
      if (header_have_ < header_need_) return Event::need_more;
      if (header_need_ == 2) {
        const std::uint8_t b0 = header_[0];
        const std::uint8_t b1 = header_[1];
        if ((b0 & 0x70) != 0) return fail(kCloseProtocolError);            // reserved bits, no extension agreed
        if (!known(b0 & 0x0f)) return fail(kCloseProtocolError);           // reserved opcode
        if ((b1 & 0x80) == 0) return fail(kCloseProtocolError);            // clients must mask
        if (is_control(static_cast<Opcode>(b0 & 0x0f)) && ((b0 & 0x80) == 0 || (b1 & 0x7f) > 125)) {
          return fail(kCloseProtocolError);  // fragmented or long control frame
        }
        std::size_t length7 = b1 & 0x7f;
        header_need_ = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + 4;
        if (header_have_ < header_need_) continue;
      }
      auto event = header_complete();
      header_have_ = 0;
      header_need_ = 2;
      if (event == Event::error) return event;
      continue;
    }
    // Payload bytes, unmasked as they arrive.
    std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(payload_left_, bytes.size() - consumed));
    std::string& into = is_control(opcode_) ? control_ : message_;
    std::size_t start = into.size();
    into.append(bytes.substr(consumed, take));
    for (std::size_t i = start; i < into.size(); ++i) into[i] = static_cast<char>(into[i] ^ mask_[mask_at_++ & 3]);
    consumed += take;
    payload_left_ -= take;
    if (payload_left_ > 0) return Event::need_more;
    in_payload_ = false;
    if (is_control(opcode_)) return Event::control;
    if (!fin_) continue;
    in_message_ = false;
    if (!message_binary_ && !text::is_valid_utf8(message_)) return fail(kCloseInvalidPayload);
    return Event::message;
  }
  return Event::need_more;
}

}  // namespace marquee::realtime::ws

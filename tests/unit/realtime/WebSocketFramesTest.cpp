// RFC 6455 framing, server side: what a client may send, what it may not, and how the
// reader copes with bytes arriving in any split.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "realtime/WebSocketFrames.h"

namespace marquee::realtime::ws {
namespace {

// A client frame: masked unless told otherwise.
std::string client_frame(bool fin, int opcode, const std::string& payload, bool masked = true, int rsv = 0) {
  std::string f;
  f.push_back(static_cast<char>((fin ? 0x80 : 0) | (rsv << 4) | opcode));
  const std::size_t n = payload.size();
  const char mask_bit = masked ? static_cast<char>(0x80) : 0;
  if (n < 126) {
    f.push_back(static_cast<char>(mask_bit | static_cast<char>(n)));
  } else if (n <= 0xffff) {
    f.push_back(static_cast<char>(mask_bit | 126));
    f.push_back(static_cast<char>(n >> 8));
    f.push_back(static_cast<char>(n & 0xff));
  } else {
    f.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff));
  }
  const char key[4] = {0x37, 0x1a, 0x5c, 0x0f};
  if (masked) f.append(key, 4);
  for (std::size_t i = 0; i < n; ++i) f.push_back(masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i]);
  return f;
}

struct Outcome {
  std::vector<std::string> messages;
  std::vector<std::pair<Opcode, std::string>> controls;
  std::uint16_t error = 0;
};

// Feeds `bytes` in pieces of `step` bytes, collecting everything that completes.
Outcome read_all(const std::string& bytes, std::size_t step, std::size_t max = 1 << 20) {
  FrameReader reader(max);
  Outcome out;
  for (std::size_t at = 0; at < bytes.size() && out.error == 0; at += step) {
    std::string_view piece = std::string_view(bytes).substr(at, step);
    while (!piece.empty() || true) {
      std::size_t used = 0;
      auto event = reader.feed(piece, used);
      piece.remove_prefix(used);
      if (event == FrameReader::Event::message) out.messages.push_back(reader.take_message());
      if (event == FrameReader::Event::control) out.controls.emplace_back(reader.control_opcode(), reader.take_control());
      if (event == FrameReader::Event::error) {
        out.error = reader.error_code();
        break;
      }
      if (event == FrameReader::Event::need_more && piece.empty()) break;
    }
  }
  return out;
}

TEST(WebSocketFrames, reads_messages_fragments_and_interleaved_controls_in_any_split) {
  const std::string big(70'000, 'b');  // a 64-bit length
  const std::string mid(300, 'm');     // a 16-bit length
  std::string bytes = client_frame(true, 1, R"({"type":"ping"})") + client_frame(false, 1, "frag") +
                      client_frame(true, 9, "are you there") + client_frame(false, 0, "ment") +
                      client_frame(true, 0, "ed") + client_frame(true, 2, std::string("\0\1\2", 3)) +
                      client_frame(true, 1, mid) + client_frame(true, 1, big) + client_frame(true, 1, "") +
                      client_frame(true, 10, "");
  for (std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{4096}, bytes.size()}) {
    auto out = read_all(bytes, step);
    ASSERT_EQ(out.error, 0) << "step " << step;
    ASSERT_EQ(out.messages.size(), 6u) << "step " << step;
    EXPECT_EQ(out.messages[0], R"({"type":"ping"})");
    EXPECT_EQ(out.messages[1], "fragmented");
    EXPECT_EQ(out.messages[2], std::string("\0\1\2", 3));
    EXPECT_EQ(out.messages[3], mid);
    EXPECT_EQ(out.messages[4], big);
    EXPECT_EQ(out.messages[5], "");
    ASSERT_EQ(out.controls.size(), 2u);
    EXPECT_EQ(out.controls[0].first, Opcode::ping);
    EXPECT_EQ(out.controls[0].second, "are you there");
    EXPECT_EQ(out.controls[1].first, Opcode::pong);
  }
}

TEST(WebSocketFrames, refuses_what_the_rfc_makes_a_protocol_error) {
  struct Case {
    const char* what;
    std::string bytes;
    std::uint16_t code;
  };
  std::string overlong16 = client_frame(true, 1, "x");
  overlong16[1] = static_cast<char>(0x80 | 126);
  overlong16.insert(2, std::string("\0\1", 2));  // length 1 in 16 bits
  const std::vector<Case> cases = {
      {"an unmasked frame", client_frame(true, 1, "hi", false), kCloseProtocolError},
      {"a reserved bit", client_frame(true, 1, "hi", true, 4), kCloseProtocolError},
      {"a reserved opcode 3", client_frame(true, 3, "hi"), kCloseProtocolError},
      {"a reserved control opcode 11", client_frame(true, 11, ""), kCloseProtocolError},
      {"a fragmented ping", client_frame(false, 9, "x"), kCloseProtocolError},
      {"a control frame over 125 bytes", client_frame(true, 9, std::string(126, 'p')), kCloseProtocolError},
      {"a continuation with nothing to continue", client_frame(true, 0, "x"), kCloseProtocolError},
      {"a new message inside a fragmented one", client_frame(false, 1, "a") + client_frame(true, 1, "b"),
       kCloseProtocolError},
      {"a length not in its shortest form", overlong16, kCloseProtocolError},
      {"invalid UTF-8 in a text message", client_frame(true, 1, "\xc3\x28"), kCloseInvalidPayload},
      {"UTF-8 split across fragments, then cut", client_frame(false, 1, "\xe2\x82") + client_frame(true, 0, "x"),
       kCloseInvalidPayload},
      {"a message over the limit in one frame", client_frame(true, 1, std::string(2000, 'x')), kCloseTooBig},
      {"a message over the limit in fragments", client_frame(false, 1, std::string(600, 'x')) +
                                                     client_frame(true, 0, std::string(600, 'x')),
       kCloseTooBig},
  };
  for (const auto& c : cases) {
    auto out = read_all(c.bytes, 5, 1024);
    EXPECT_EQ(out.error, c.code) << c.what;
  }
  // A 64-bit length with its top bit set is refused from the header alone.
  std::string huge = {static_cast<char>(0x81), static_cast<char>(0xff), static_cast<char>(0x80), 0, 0, 0, 0, 0, 0, 0,
                      1, 2, 3, 4};
  EXPECT_EQ(read_all(huge, 14).error, kCloseProtocolError);
  // UTF-8 split across fragments but whole in the end is fine.
  auto split = read_all(client_frame(false, 1, "\xe2\x82") + client_frame(true, 0, "\xac"), 1);
  EXPECT_EQ(split.error, 0);
  ASSERT_EQ(split.messages.size(), 1u);
  EXPECT_EQ(split.messages[0], "\xe2\x82\xac");
}

TEST(WebSocketFrames, a_declared_length_reserves_nothing_before_its_bytes_arrive) {
  FrameReader reader(1 << 20);
  std::string header = client_frame(true, 1, std::string(500'000, 'x')).substr(0, 14);
  std::size_t used = 0;
  EXPECT_EQ(reader.feed(header, used), FrameReader::Event::need_more);
  EXPECT_EQ(used, header.size());
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(WebSocketFrames, writes_server_frames_and_reads_close_codes) {
  EXPECT_EQ(frame_header(Opcode::text, 5), std::string("\x81\x05", 2));
  EXPECT_EQ(frame_header(Opcode::text, 300), std::string("\x81\x7e\x01\x2c", 4));
  EXPECT_EQ(frame_header(Opcode::text, 70'000).size(), 10u);
  EXPECT_EQ(close_frame(1009, ""), std::string("\x88\x02\x03\xf1", 4));
  // The reason is cut to fit a control frame, on a character boundary.
  std::string reason;
  for (int i = 0; i < 70; ++i) reason += "é";
  auto frame = close_frame(1000, reason);
  EXPECT_LE(frame.size(), 2u + 125u);
  EXPECT_EQ(parse_close(frame.substr(2)).valid, true);
  EXPECT_EQ(parse_close("").code, 1005);
  EXPECT_FALSE(parse_close("\x03").valid);
  EXPECT_FALSE(parse_close(std::string("\x03\xed", 2)).valid);  // 1005 may not be sent
  EXPECT_FALSE(parse_close(std::string("\x03\xe8\xff", 3)).valid);  // reason not UTF-8
  EXPECT_EQ(parse_close(std::string("\x0f\xa1", 2)).code, 4001);
}

}  // namespace
}  // namespace marquee::realtime::ws

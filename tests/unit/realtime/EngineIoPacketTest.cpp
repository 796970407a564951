// Engine.IO v4 packet codecs: the examples of the protocol document, round trips, and the
// hostile frames and polling payloads a client can send.
#include "realtime/EngineIoPacket.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace marquee::realtime::engineio {
namespace {

using namespace std::string_literals;

Packet text(PacketType type, std::string data = {}) { return Packet{type, std::move(data), false}; }
Packet bytes(std::string data) { return Packet{PacketType::message, std::move(data), true}; }

TEST(EngineIoPacket, text_frames_of_the_protocol_examples) {
  EXPECT_EQ(encode_text_frame(text(PacketType::message, "hello")), "4hello");
  EXPECT_EQ(encode_text_frame(text(PacketType::ping)), "2");
  EXPECT_EQ(encode_text_frame(text(PacketType::ping, "probe")), "2probe");
  EXPECT_EQ(encode_text_frame(text(PacketType::pong, "probe")), "3probe");
  EXPECT_EQ(encode_text_frame(text(PacketType::upgrade)), "5");
  EXPECT_EQ(encode_text_frame(text(PacketType::noop)), "6");
  EXPECT_EQ(encode_text_frame(text(PacketType::close)), "1");
  const std::string handshake =
      R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";
  EXPECT_EQ(encode_text_frame(text(PacketType::open, handshake)), "0" + handshake);
}

TEST(EngineIoPacket, decodes_every_packet_type) {
  const std::vector<std::pair<char, PacketType>> types = {
      {'0', PacketType::open},    {'1', PacketType::close},   {'2', PacketType::ping}, {'3', PacketType::pong},
      {'4', PacketType::message}, {'5', PacketType::upgrade}, {'6', PacketType::noop}};
  for (auto [c, type] : types) {
    auto p = decode_text_frame(std::string(1, c) + "data");
    ASSERT_TRUE(p) << c;
    EXPECT_EQ(p->type, type);
    EXPECT_EQ(p->data, "data");
    EXPECT_FALSE(p->binary);
  }
  auto probe = decode_text_frame("2probe");
  ASSERT_TRUE(probe);
  EXPECT_EQ(*probe, text(PacketType::ping, "probe"));
}

TEST(EngineIoPacket, text_frame_data_is_kept_byte_for_byte) {
  const std::string data = "\xe2\x82\xac \0 \x1e end"s;
  auto p = decode_text_frame("4" + data);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->data, data);
  EXPECT_EQ(encode_text_frame(*p), "4" + data);
}

TEST(EngineIoPacket, malformed_text_frames_are_refused) {
  EXPECT_FALSE(decode_text_frame(""));
  for (std::string bad : {"7"s, "9hello"s, "bAQIDBA=="s, "x"s, "/"s, " 4hello"s, "\0"s + "4"s, "\xff"s, "-1"s}) {
    EXPECT_FALSE(decode_text_frame(bad)) << bad;
  }
}

TEST(EngineIoPacket, a_binary_frame_is_a_binary_message) {
  const std::string raw = "\x01\x02\x03\x04"s;
  Packet p = binary_frame_packet(raw);
  EXPECT_EQ(p.type, PacketType::message);
  EXPECT_TRUE(p.binary);
  EXPECT_EQ(p.data, raw);
  Packet empty = binary_frame_packet("");
  EXPECT_TRUE(empty.binary);
  EXPECT_EQ(empty.data, "");
}

TEST(EngineIoPacket, payload_of_the_protocol_examples) {
  // "4hello\x1e4€" and "4hello\x1ebAQIDBA==" from the Engine.IO v4 document.
  auto decoded = decode_payload("4hello\x1e" "4\xe2\x82\xac");
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[0], text(PacketType::message, "hello"));
  EXPECT_EQ((*decoded)[1], text(PacketType::message, "\xe2\x82\xac"));

  const std::vector<Packet> mixed = {text(PacketType::message, "hello"), bytes("\x01\x02\x03\x04")};
  EXPECT_EQ(encode_payload(mixed), "4hello\x1e" "bAQIDBA==");
  auto back = decode_payload("4hello\x1e" "bAQIDBA==");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, mixed);
}

TEST(EngineIoPacket, single_packet_payload_has_no_separator) {
  EXPECT_EQ(encode_payload({text(PacketType::ping)}), "2");
  EXPECT_EQ(encode_payload({text(PacketType::noop)}), "6");
  EXPECT_EQ(encode_payload({}), "");
  auto p = decode_payload("6");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 1u);
  EXPECT_EQ((*p)[0].type, PacketType::noop);
}

TEST(EngineIoPacket, payload_round_trips_every_byte_value) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const std::vector<Packet> packets = {
      text(PacketType::open, R"({"sid":"abc"})"), text(PacketType::message, "2[\"like_update\",{\"n\":1}]"),
      bytes(all),     bytes(""), bytes("a"), bytes("ab"), bytes("abc"), text(PacketType::close)};
  auto decoded = decode_payload(encode_payload(packets));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, packets);
}

TEST(EngineIoPacket, empty_payload_and_empty_records_are_refused) {
  EXPECT_FALSE(decode_payload(""));
  EXPECT_FALSE(decode_payload("\x1e"));
  EXPECT_FALSE(decode_payload("\x1e" "4a"));
  EXPECT_FALSE(decode_payload("4a\x1e"));
  EXPECT_FALSE(decode_payload("4a\x1e\x1e" "4b"));
  EXPECT_TRUE(decode_payload("4a\x1e" "4b"));
}

TEST(EngineIoPacket, thousands_of_empty_records_are_refused) {
  EXPECT_FALSE(decode_payload(std::string(5000, '\x1e')));
  EXPECT_FALSE(decode_payload(std::string(5000, '\x1e'), 100000));  // refused as empty, not only as too many
}

TEST(EngineIoPacket, more_than_max_packets_records_are_refused) {
  auto joined = [](std::size_t n) {
    std::string s = "6";
    for (std::size_t i = 1; i < n; ++i) s += "\x1e" "6";
    return s;
  };
  auto at_limit = decode_payload(joined(1000));
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->size(), 1000u);
  EXPECT_FALSE(decode_payload(joined(1001)));
  EXPECT_TRUE(decode_payload(joined(3), 3));
  EXPECT_FALSE(decode_payload(joined(4), 3));
  EXPECT_FALSE(decode_payload("6", 0));
}

TEST(EngineIoPacket, unknown_type_in_a_payload_record_is_refused) {
  EXPECT_FALSE(decode_payload("4a\x1e" "9b"));
  EXPECT_FALSE(decode_payload("4a\x1e" "xb"));
  EXPECT_FALSE(decode_payload("B" "AQIDBA=="));
}

TEST(EngineIoPacket, bad_base64_records_are_refused) {
  for (std::string bad : {"b!!!!"s, "bAQI"s + "\x00"s + "BA=="s, "bAQIDBA="s, "bAQIDBA"s, "bAQID BA=="s, "bAQ==="s,
                          "bA==="s, "b=AAA"s, "bAQ==BA=="s, "bAQIDBA==\n"s, "bAQIDBA====="s, "bAQ-_A=="s, "bA"s}) {
    EXPECT_FALSE(decode_payload(bad)) << bad;
    EXPECT_FALSE(decode_payload("4ok\x1e" + bad)) << bad;
  }
  auto ok = decode_payload("bAQIDBA==");
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)[0], bytes("\x01\x02\x03\x04"));
  auto empty = decode_payload("b");
  ASSERT_TRUE(empty);
  EXPECT_EQ((*empty)[0], bytes(""));
}

}  // namespace
}  // namespace marquee::realtime::engineio

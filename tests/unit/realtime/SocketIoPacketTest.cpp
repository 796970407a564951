// Socket.IO v5 packet codec and binary reassembly: the examples of the protocol document,
// round trips, the validity rules of socket.io-parser, and hostile text a client can send.
#include "realtime/SocketIoPacket.h"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "realtime/EngineIoPacket.h"

namespace marquee::realtime::socketio {
namespace {

using namespace std::string_literals;
namespace bj = boost::json;

Packet packet(PacketType type, std::string nsp, std::optional<std::uint64_t> id, std::optional<std::string> json,
              std::size_t attachments = 0) {
  Packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.id = id;
  if (json) p.data = bj::parse(*json);
  p.attachments = attachments;
  return p;
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(SocketIoPacket, decodes_the_protocol_examples) {
  auto connect = decode("0");
  ASSERT_TRUE(connect);
  EXPECT_EQ(*connect, packet(PacketType::connect, "/", {}, {}));

  auto admin = decode("0/admin,");
  ASSERT_TRUE(admin);
  EXPECT_EQ(*admin, packet(PacketType::connect, "/admin", {}, {}));

  auto with_auth = decode(R"(0/admin,{"token":"123"})");
  ASSERT_TRUE(with_auth);
  EXPECT_EQ(*with_auth, packet(PacketType::connect, "/admin", {}, R"({"token":"123"})"));

  auto accepted = decode(R"(0{"sid":"oSO0OpakMV_3jnilAAAA"})");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->data->at("sid").as_string(), "oSO0OpakMV_3jnilAAAA");

  auto refused = decode(R"(4{"message":"Not authorized"})");
  ASSERT_TRUE(refused);
  EXPECT_EQ(*refused, packet(PacketType::connect_error, "/", {}, R"({"message":"Not authorized"})"));

  auto leave = decode("1/admin,");
  ASSERT_TRUE(leave);
  EXPECT_EQ(*leave, packet(PacketType::disconnect, "/admin", {}, {}));

  auto hello = decode(R"(2["hello",1])");
  ASSERT_TRUE(hello);
  EXPECT_EQ(*hello, packet(PacketType::event, "/", {}, R"(["hello",1])"));

  auto with_ack = decode(R"(2/admin,456["project:delete",123])");
  ASSERT_TRUE(with_ack);
  EXPECT_EQ(*with_ack, packet(PacketType::event, "/admin", 456, R"(["project:delete",123])"));

  auto ack = decode("3/admin,456[]");
  ASSERT_TRUE(ack);
  EXPECT_EQ(*ack, packet(PacketType::ack, "/admin", 456, "[]"));

  auto binary = decode(R"(51-["hello",{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(binary);
  EXPECT_EQ(*binary, packet(PacketType::binary_event, "/", {}, R"(["hello",{"_placeholder":true,"num":0}])", 1));

  auto binary_ack = decode(R"(61-/admin,456[{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(binary_ack);
  EXPECT_EQ(*binary_ack, packet(PacketType::binary_ack, "/admin", 456, R"([{"_placeholder":true,"num":0}])", 1));
}

TEST(SocketIoPacket, encodes_the_text_form) {
  EXPECT_EQ(encode(packet(PacketType::event, "/", {}, R"(["like_update",{"likes":3}])")),
            R"(2["like_update",{"likes":3}])");
  EXPECT_EQ(encode(packet(PacketType::ack, "/admin", 12, R"(["ok"])")), R"(3/admin,12["ok"])");
  EXPECT_EQ(encode(packet(PacketType::event, "/", 7, R"(["x"])")), R"(27["x"])");
  EXPECT_EQ(encode(packet(PacketType::connect, "/", {}, R"({"sid":"x"})")), R"(0{"sid":"x"})");
  EXPECT_EQ(encode(packet(PacketType::connect, "/", {}, {})), "0");
  EXPECT_EQ(encode(packet(PacketType::connect, "", {}, {})), "0");
  EXPECT_EQ(encode(packet(PacketType::disconnect, "/admin", {}, {})), "1/admin,");
  EXPECT_EQ(encode(packet(PacketType::connect_error, "/", {}, R"({"message":"Not authorized"})")),
            R"(4{"message":"Not authorized"})");
  EXPECT_EQ(encode(packet(PacketType::binary_event, "/", {}, R"(["a",{"_placeholder":true,"num":0}])", 1)),
            R"(51-["a",{"_placeholder":true,"num":0}])");
  // Inside Engine.IO: the message type '4' comes first.
  engineio::Packet frame{engineio::PacketType::message, encode(packet(PacketType::connect, "/", {}, R"({"sid":"x"})"))};
  EXPECT_EQ(engineio::encode_text_frame(frame), R"(40{"sid":"x"})");
}

TEST(SocketIoPacket, round_trips) {
  const std::vector<Packet> packets = {
      packet(PacketType::connect, "/", {}, {}),
      packet(PacketType::connect, "/chat", {}, R"({"token":"t","n":[1,2.5,null,true]})"),
      packet(PacketType::disconnect, "/chat", {}, {}),
      packet(PacketType::event, "/", {}, R"(["like_update",{"video":"abc","likes":12}])"),
      packet(PacketType::event, "/", 0, R"(["e"])"),
      packet(PacketType::event, "/ns", 9007199254740991, R"(["e","\u00e9\u20ac\ud83d\ude00 \" \\ \n \u001e"])"),
      packet(PacketType::ack, "/", 3, "[]"),
      packet(PacketType::ack, "/x", 4, R"([{"a":[]}])"),
      packet(PacketType::connect_error, "/", {}, R"("just a string")"),
      packet(PacketType::binary_event, "/", 1, R"(["up",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", 2),
      packet(PacketType::binary_ack, "/a", 2, R"([{"_placeholder":true,"num":0}])", 1),
      packet(PacketType::binary_event, "/", {}, R"(["none"])", 0),
  };
  for (const Packet& p : packets) {
    std::string text = encode(p);
    auto back = decode(text);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, p) << text;
  }
}

TEST(SocketIoPacket, round_trips_through_an_engine_io_polling_payload) {
  const Packet p = packet(PacketType::event, "/", {}, R"(["chat","line\u001eone",{"ok":true}])");
  std::string text = encode(p);
  EXPECT_EQ(text.find('\x1e'), std::string::npos);  // JSON escapes the record separator
  auto payload = engineio::decode_payload(
      engineio::encode_payload({engineio::Packet{engineio::PacketType::message, text}, engineio::Packet{engineio::PacketType::ping}}));
  ASSERT_TRUE(payload);
  ASSERT_EQ(payload->size(), 2u);
  auto back = decode((*payload)[0].data);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, p);
}

TEST(SocketIoPacket, empty_and_unknown_types_are_refused) {
  for (std::string bad : {""s, "7"s, "9[\"a\"]"s, "a"s, "-1"s, " 2[\"a\"]"s, "/"s, "\0"s, "\xff"s}) {
    EXPECT_FALSE(decode(bad)) << bad;
  }
}

TEST(SocketIoPacket, payload_validity_per_type) {
  // CONNECT: absent or object.
  EXPECT_TRUE(decode("0{}"));
  EXPECT_FALSE(decode("0[]"));
  EXPECT_FALSE(decode("0\"x\""));
  EXPECT_FALSE(decode("0null"));
  // DISCONNECT: no payload.
  EXPECT_TRUE(decode("1"));
  EXPECT_FALSE(decode("1{}"));
  EXPECT_FALSE(decode("1[]"));
  // CONNECT_ERROR: object or string.
  EXPECT_TRUE(decode("4\"nope\""));
  EXPECT_FALSE(decode("4[]"));
  EXPECT_FALSE(decode("41"));
  EXPECT_FALSE(decode("4"));
  // EVENT: a non-empty array whose first element is a string.
  EXPECT_TRUE(decode("2[\"a\"]"));
  EXPECT_TRUE(decode("2[\"disconnect\"]"));  // reserved names are the server's business
  EXPECT_FALSE(decode("2[]"));
  EXPECT_FALSE(decode("2[1]"));
  EXPECT_FALSE(decode("2[null,\"a\"]"));
  EXPECT_FALSE(decode("2{}"));
  EXPECT_FALSE(decode("2\"a\""));
  EXPECT_FALSE(decode("2"));
  EXPECT_FALSE(decode("212"));  // an ack id and nothing else
  // ACK: an array.
  EXPECT_TRUE(decode("31[]"));
  EXPECT_FALSE(decode("31{}"));
  EXPECT_FALSE(decode("31"));
  // BINARY_EVENT / BINARY_ACK follow EVENT / ACK.
  EXPECT_FALSE(decode("50-[]"));
  EXPECT_FALSE(decode("50-[1]"));
  EXPECT_FALSE(decode("60-{}"));
  EXPECT_TRUE(decode("60-[]"));
}

TEST(SocketIoPacket, ack_ids_are_bounded) {
  auto max = decode("29007199254740991[\"a\"]");
  ASSERT_TRUE(max);
  EXPECT_EQ(max->id, 9007199254740991u);
  auto leading_zeros = decode("2007[\"a\"]");
  ASSERT_TRUE(leading_zeros);
  EXPECT_EQ(leading_zeros->id, 7u);
  EXPECT_FALSE(decode("29007199254740992[\"a\"]"));      // 2^53
  EXPECT_FALSE(decode("218446744073709551615[\"a\"]"));  // uint64 max
  EXPECT_FALSE(decode("218446744073709551616[\"a\"]"));  // uint64 max + 1
  EXPECT_FALSE(decode("2/admin,99999999999999999999999999999[\"a\"]"));
  EXPECT_FALSE(decode("2" + std::string(10000, '9') + "[\"a\"]"));
  EXPECT_FALSE(decode("3" + std::string(100000, '1') + "[]"));
}

TEST(SocketIoPacket, namespaces) {
  auto without_comma = decode("0/admin");  // socket.io-parser reads the namespace to the end
  ASSERT_TRUE(without_comma);
  EXPECT_EQ(without_comma->nsp, "/admin");
  EXPECT_FALSE(without_comma->data);
  // Without a comma the payload is swallowed into the namespace, so the event has none.
  EXPECT_FALSE(decode("2/admin[\"a\"]"));
  EXPECT_FALSE(decode("2/admin12[\"a\"]"));
  auto root = decode("2/,[\"a\"]");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->nsp, "/");
  auto unicode = decode("2/caf\xc3\xa9,[\"a\"]");
  ASSERT_TRUE(unicode);
  EXPECT_EQ(unicode->nsp, "/caf\xc3\xa9");
  EXPECT_FALSE(decode("2/ad\nmin,[\"a\"]"));
  EXPECT_FALSE(decode("2/ad\0min,[\"a\"]"s));
  EXPECT_FALSE(decode("2/ad\x7fmin,[\"a\"]"));
  EXPECT_FALSE(decode("2/ad\xffmin,[\"a\"]"));
  EXPECT_FALSE(decode("2admin,[\"a\"]"));  // a namespace starts with '/'
  EXPECT_FALSE(decode("2,[\"a\"]"));
}

TEST(SocketIoPacket, truncated_or_trailing_json_is_refused) {
  for (std::string bad : {"2[\"a\""s, "2[\"a"s, "2["s, "0{\"a\":"s, "0{\"a\""s, "2[\"a\"]x"s, "2[\"a\"][]"s,
                          "2[\"a\",]"s, "2[\"a\"/*c*/]"s, "2[\"a\",NaN]"s, "2['a']"s, "0{a:1}"s, "2[\"a\",01]"s}) {
    EXPECT_FALSE(decode(bad)) << bad;
  }
  EXPECT_TRUE(decode("2[\"a\"] "));  // JSON allows surrounding white space
}

TEST(SocketIoPacket, deep_nesting_is_refused) {
  // The outer array is level 1; kMaxJsonDepth levels are allowed, one more is not.
  EXPECT_TRUE(decode("2[\"a\"," + nested_arrays(kMaxJsonDepth - 1) + "]"));
  EXPECT_FALSE(decode("2[\"a\"," + nested_arrays(kMaxJsonDepth) + "]"));
  EXPECT_FALSE(decode("2[\"a\"," + std::string(10000, '[')));
  EXPECT_FALSE(decode("2[\"a\"," + nested_arrays(10000) + "]"));
  std::string objects = "0";
  for (int i = 0; i < 10000; ++i) objects += "{\"a\":";
  EXPECT_FALSE(decode(objects + "1" + std::string(10000, '}')));
}

TEST(SocketIoPacket, invalid_utf8_in_json_strings_is_refused) {
  for (std::string bad : {"\xff"s, "\xc0\xaf"s, "\xed\xa0\x80"s, "\xe2\x82"s, "\x80"s, "\xf5\x80\x80\x80"s}) {
    EXPECT_FALSE(decode("2[\"a" + bad + "\"]")) << "event string";
    EXPECT_FALSE(decode("0{\"k" + bad + "\":1}")) << "object key";
  }
  EXPECT_TRUE(decode("2[\"\xf0\x9f\x98\x80\"]"));
}

TEST(SocketIoPacket, attachment_counts) {
  EXPECT_FALSE(decode("5[\"a\"]"));       // missing '-'
  EXPECT_FALSE(decode("5"));
  EXPECT_FALSE(decode("5-[\"a\"]"));      // no count
  EXPECT_FALSE(decode("5x-[\"a\"]"));
  EXPECT_FALSE(decode("5 1-[\"a\"]"));
  EXPECT_FALSE(decode("5+1-[\"a\"]"));
  EXPECT_FALSE(decode("5-1-[\"a\"]"));
  EXPECT_FALSE(decode("511-[\"a\"]"));    // above kMaxAttachments
  EXPECT_FALSE(decode("599999999999999999999999-[\"a\"]"));
  EXPECT_FALSE(decode("5" + std::string(5000, '1') + "-[\"a\"]"));
  auto ten = decode("510-[\"a\"]");
  ASSERT_TRUE(ten);
  EXPECT_EQ(ten->attachments, 10u);
}

TEST(SocketIoPacket, placeholders_must_reference_an_attachment) {
  EXPECT_TRUE(decode(R"(52-["a",{"_placeholder":true,"num":1},{"x":[{"_placeholder":true,"num":0}]}])"));
  for (std::string bad : {R"(51-["a",{"_placeholder":true,"num":1}])"s, R"(51-["a",{"_placeholder":true,"num":-1}])"s,
                          R"(51-["a",{"_placeholder":true,"num":"0"}])"s, R"(51-["a",{"_placeholder":true,"num":0.5}])"s,
                          R"(51-["a",{"_placeholder":true}])"s, R"(50-["a",{"_placeholder":true,"num":0}])"s,
                          R"(51-["a",{"deep":{"er":[{"_placeholder":true,"num":7}]}}])"s,
                          R"(51-["a",{"_placeholder":true,"num":18446744073709551615}])"s,
                          R"(61-[{"_placeholder":true,"num":1}])"s}) {
    EXPECT_FALSE(decode(bad)) << bad;
  }
  // Only {"_placeholder": true} is a placeholder; a plain EVENT's data is just data.
  EXPECT_TRUE(decode(R"(51-["a",{"_placeholder":false,"num":9},{"_placeholder":true,"num":0}])"));
  EXPECT_TRUE(decode(R"(2["a",{"_placeholder":true,"num":9}])"));
}

TEST(SocketIoPacket, text_longer_than_max_bytes_is_refused) {
  std::string text = "2[\"" + std::string(100, 'x') + "\"]";
  EXPECT_TRUE(decode(text, text.size()));
  EXPECT_FALSE(decode(text, text.size() - 1));
  EXPECT_FALSE(decode("2[\"" + std::string(1'000'000, 'x') + "\"]"));
}

TEST(SocketIoPacketAssembler, plain_packets_complete_at_once) {
  PacketAssembler assembler;
  ASSERT_EQ(assembler.add_text(R"(2["like_update",{"n":1}])"), PacketAssembler::Status::complete);
  Packet p = assembler.take();
  EXPECT_EQ(p, packet(PacketType::event, "/", {}, R"(["like_update",{"n":1}])"));
  ASSERT_EQ(assembler.add_text("0/admin,"), PacketAssembler::Status::complete);
  EXPECT_EQ(assembler.take().nsp, "/admin");
  EXPECT_EQ(assembler.add_text("2[]"), PacketAssembler::Status::malformed);
  EXPECT_EQ(assembler.add_text(""), PacketAssembler::Status::malformed);
}

TEST(SocketIoPacketAssembler, reassembles_buffers_in_order) {
  PacketAssembler assembler;
  const std::string header = R"(52-/up,7["chunk",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])";
  ASSERT_EQ(assembler.add_text(header), PacketAssembler::Status::need_more);
  ASSERT_EQ(assembler.add_binary("\x00\x01"s), PacketAssembler::Status::need_more);
  ASSERT_EQ(assembler.add_binary("second"), PacketAssembler::Status::complete);
  Packet p = assembler.take();
  EXPECT_EQ(p.type, PacketType::binary_event);
  EXPECT_EQ(p.nsp, "/up");
  EXPECT_EQ(p.id, 7u);
  EXPECT_EQ(p.attachments, 2u);
  ASSERT_EQ(p.buffers.size(), 2u);
  EXPECT_EQ(p.buffers[0], "\x00\x01"s);
  EXPECT_EQ(p.buffers[1], "second");
  EXPECT_EQ(p.data->at(1).at("num").as_int64(), 1);

  // The assembler is ready for the next packet, and take() leaves nothing behind.
  EXPECT_TRUE(assembler.take().buffers.empty());
  ASSERT_EQ(assembler.add_text(R"(61-[{"_placeholder":true,"num":0}])"), PacketAssembler::Status::need_more);
  ASSERT_EQ(assembler.add_binary(""), PacketAssembler::Status::complete);
  Packet ack = assembler.take();
  EXPECT_EQ(ack.type, PacketType::binary_ack);
  EXPECT_EQ(ack.buffers, std::vector<std::string>{""});
}

TEST(SocketIoPacketAssembler, binary_packet_with_no_attachments_completes_at_once) {
  PacketAssembler assembler;
  ASSERT_EQ(assembler.add_text(R"(50-["a"])"), PacketAssembler::Status::complete);
  EXPECT_EQ(assembler.take().type, PacketType::binary_event);
  EXPECT_EQ(assembler.add_binary("x"), PacketAssembler::Status::malformed);
}

TEST(SocketIoPacketAssembler, binary_when_nothing_is_expected_is_malformed) {
  PacketAssembler assembler;
  EXPECT_EQ(assembler.add_binary("\x01"), PacketAssembler::Status::malformed);
  ASSERT_EQ(assembler.add_text(R"(2["a"])"), PacketAssembler::Status::complete);
  EXPECT_EQ(assembler.add_binary("\x01"), PacketAssembler::Status::malformed);
  ASSERT_EQ(assembler.add_text(R"(51-["a",{"_placeholder":true,"num":0}])"), PacketAssembler::Status::need_more);
  ASSERT_EQ(assembler.add_binary("one"), PacketAssembler::Status::complete);
  EXPECT_EQ(assembler.add_binary("extra"), PacketAssembler::Status::malformed);
}

TEST(SocketIoPacketAssembler, text_while_awaiting_buffers_is_malformed_and_resets) {
  PacketAssembler assembler;
  ASSERT_EQ(assembler.add_text(R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])"),
            PacketAssembler::Status::need_more);
  ASSERT_EQ(assembler.add_binary("one"), PacketAssembler::Status::need_more);
  EXPECT_EQ(assembler.add_text(R"(2["b"])"), PacketAssembler::Status::malformed);
  EXPECT_EQ(assembler.add_binary("two"), PacketAssembler::Status::malformed);
  ASSERT_EQ(assembler.add_text(R"(2["c"])"), PacketAssembler::Status::complete);
  EXPECT_EQ(assembler.take().data->at(0).as_string(), "c");
}

TEST(SocketIoPacketAssembler, attachment_and_placeholder_limits) {
  PacketAssembler assembler;
  EXPECT_EQ(assembler.add_text(R"(51-["a",{"_placeholder":true,"num":1}])"), PacketAssembler::Status::malformed);
  EXPECT_EQ(assembler.add_text(R"(51-["a",{"_placeholder":true,"num":-1}])"), PacketAssembler::Status::malformed);
  EXPECT_EQ(assembler.add_text(R"(511-["a"])"), PacketAssembler::Status::malformed);
  EXPECT_EQ(assembler.add_text(R"(5999999999-["a"])"), PacketAssembler::Status::malformed);
  EXPECT_EQ(assembler.add_binary("x"), PacketAssembler::Status::malformed);

  ASSERT_EQ(assembler.add_text(R"(510-["a"])"), PacketAssembler::Status::need_more);
  for (int i = 0; i < 9; ++i) ASSERT_EQ(assembler.add_binary(std::to_string(i)), PacketAssembler::Status::need_more);
  ASSERT_EQ(assembler.add_binary("9"), PacketAssembler::Status::complete);
  Packet p = assembler.take();
  ASSERT_EQ(p.buffers.size(), 10u);
  EXPECT_EQ(p.buffers.front(), "0");
  EXPECT_EQ(p.buffers.back(), "9");
}

TEST(SocketIoPacketAssembler, text_size_limit) {
  PacketAssembler assembler(16);
  EXPECT_EQ(assembler.add_text(R"(2["0123456789ab"])"), PacketAssembler::Status::malformed);  // 17 bytes
  EXPECT_EQ(assembler.add_text(R"(2["0123456789a"])"), PacketAssembler::Status::complete);    // 16 bytes
}

}  // namespace
}  // namespace marquee::realtime::socketio

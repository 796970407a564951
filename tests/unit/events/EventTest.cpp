// The event wire form (encode_event / decode_event) with the hostile payloads anything on
// the bus channel could carry, and SequenceTracker's gap detection.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "core/Error.h"
#include "events/Event.h"
#include "events/SequenceTracker.h"

namespace marquee::events {
namespace {

Event sample() {
  Event event;
  event.type = "rating.changed";
  event.version = 2;
  event.subject = "vid_AbC-123";
  event.data = R"({"likes":12,"dislikes":0,"by":"usr_1","title":"caf\u00e9 \"quoted\" \\ back"})";
  event.origin = "node-a";
  event.sequence = 42;
  event.published_at_ms = 1'796'000'000'123;
  return event;
}

ErrorCode code_of_encoding(const Event& event) {
  try {
    encode_event(event);
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "encode_event accepted " << event.type;
  return ErrorCode::internal;
}

TEST(EventWireForm, RoundTripsEveryField) {
  const Event in = sample();
  const std::optional<Event> out = decode_event(encode_event(in));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->type, in.type);
  EXPECT_EQ(out->version, in.version);
  EXPECT_EQ(out->subject, in.subject);
  EXPECT_EQ(out->origin, in.origin);
  EXPECT_EQ(out->sequence, in.sequence);
  EXPECT_EQ(out->published_at_ms, in.published_at_ms);
  // The data comes back as the same JSON object (serialized the same way twice).
  EXPECT_EQ(decode_event(encode_event(*out))->data, out->data);
  EXPECT_NE(out->data.find("\"likes\":12"), std::string::npos) << out->data;
  EXPECT_NE(out->data.find("café"), std::string::npos) << out->data;
}

TEST(EventWireForm, EmptyDataAndExtremeNumbersRoundTrip) {
  Event in;
  in.type = "t";
  in.version = std::numeric_limits<int>::min();
  in.sequence = std::numeric_limits<std::uint64_t>::max();
  const std::optional<Event> out = decode_event(encode_event(in));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->data, "");
  EXPECT_EQ(out->subject, "");
  EXPECT_EQ(out->version, std::numeric_limits<int>::min());
  EXPECT_EQ(out->sequence, std::numeric_limits<std::uint64_t>::max());
}

TEST(EventWireForm, EncodingRefusesMalformedEvents) {
  Event no_type = sample();
  no_type.type = "";
  EXPECT_EQ(code_of_encoding(no_type), ErrorCode::validation_failed);

  for (const char* data : {"not json", "[1,2]", "\"text\"", "12", "null", "{\"a\":", "{} {}"}) {
    Event event = sample();
    event.data = data;
    EXPECT_EQ(code_of_encoding(event), ErrorCode::validation_failed) << data;
  }

  Event bad_utf8 = sample();
  bad_utf8.subject = "vid\xff\xfe";
  EXPECT_EQ(code_of_encoding(bad_utf8), ErrorCode::validation_failed);
  Event bad_type = sample();
  bad_type.type = "video.\xc3";
  EXPECT_EQ(code_of_encoding(bad_type), ErrorCode::validation_failed);
}

TEST(EventWireForm, TheSizeLimitIsExact) {
  Event event;
  event.type = "big";
  event.origin = "n";
  event.sequence = 1;
  event.data = R"({"x":""})";
  const std::size_t empty_size = encode_event(event).size();
  event.data = R"({"x":")" + std::string(kMaxEncodedEventBytes - empty_size, 'a') + "\"}";
  EXPECT_EQ(encode_event(event).size(), kMaxEncodedEventBytes);
  EXPECT_TRUE(decode_event(encode_event(event)).has_value());

  event.data = R"({"x":")" + std::string(kMaxEncodedEventBytes - empty_size + 1, 'a') + "\"}";
  EXPECT_EQ(code_of_encoding(event), ErrorCode::validation_failed);
  event.data = R"({"x":")" + std::string(1'000'000, 'a') + "\"}";
  EXPECT_EQ(code_of_encoding(event), ErrorCode::validation_failed);
  // Escaping counts: a subject of 4,000 quotes encodes to 8,000 bytes.
  event.data = "";
  event.subject = std::string(4'000, '"');
  EXPECT_EQ(code_of_encoding(event), ErrorCode::validation_failed);
}

TEST(EventWireForm, DecodingRejectsWhatIsNotAnEvent) {
  const std::string valid = R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":7,"d":{"k":1}})";
  ASSERT_TRUE(decode_event(valid).has_value());

  const std::vector<std::string> hostile = {
      "",
      " ",
      "not json",
      "null",
      "[]",
      "\"t\"",
      "42",
      "{",
      valid + "garbage",
      R"({})",
      // each field missing
      R"({"v":1,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","v":1,"o":"node-a","n":7})",
      R"({"t":"video.changed","v":1,"s":"vid_1","n":7})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a"})",
      // wrong types
      R"({"t":"","v":1,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":7,"v":1,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":["video.changed"],"v":1,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","v":"1","s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","v":1.5,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","v":true,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","v":1,"s":12,"o":"node-a","n":7})",
      R"({"t":"video.changed","v":1,"s":null,"o":"node-a","n":7})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":{},"n":7})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":"7"})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":7.0})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":1e3})",
      // out of range
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":-1})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":-9223372036854775808})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":18446744073709551616})",
      R"({"t":"video.changed","v":4294967297,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","v":-2147483649,"s":"vid_1","o":"node-a","n":7})",
      R"({"t":"video.changed","v":9223372036854775808,"s":"vid_1","o":"node-a","n":7})",
      // data that is not an object
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":7,"d":[1]})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":7,"d":"x"})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":7,"d":3})",
      R"({"t":"video.changed","v":1,"s":"vid_1","o":"node-a","n":7,"d":null})",
      // not UTF-8
      "{\"t\":\"video.changed\",\"v\":1,\"s\":\"vid_\xff\",\"o\":\"node-a\",\"n\":7}",
      // nested far deeper than any parser should follow
      R"({"t":"x","v":1,"s":"","o":"a","n":1,"d":{"a":)" + std::string(3'000, '[') + std::string(3'000, ']') + "}}",
      // larger than any event may be, though well formed
      R"({"t":"x","v":1,"s":")" + std::string(kMaxEncodedEventBytes, 'a') + R"(","o":"a","n":1})",
      R"({"t":"x","v":1,"s":"","o":"a","n":1,"d":{"a":")" + std::string(10'000'000, 'a') + "\"}}",
  };
  for (const std::string& text : hostile) {
    EXPECT_FALSE(decode_event(text).has_value()) << text.substr(0, 200);
  }
  // Embedded NUL bytes inside and after the JSON.
  EXPECT_FALSE(decode_event(std::string_view("{\"t\":\"a\0\",\"v\":1}", 17)).has_value());
  EXPECT_FALSE(decode_event(valid + std::string(1, '\0')).has_value());
}

TEST(EventWireForm, DecodingIgnoresUnknownFieldsFromNewerNodes) {
  const std::optional<Event> event =
      decode_event(R"({"t":"video.changed","v":3,"s":"vid_1","o":"node-b","n":1,"d":{},"future":[1,2,3]})");
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->version, 3);
  EXPECT_EQ(event->data, "{}");
}

TEST(EventSequenceTracker, AnOriginSeenForTheFirstTimeStartsWhereverItIs) {
  SequenceTracker tracker;
  EXPECT_FALSE(tracker.gap("a", 1));
  EXPECT_FALSE(tracker.gap("b", 9'000));
  EXPECT_FALSE(tracker.gap("b", 9'001));
}

TEST(EventSequenceTracker, ConsecutiveNumbersAreNoGapAndASkipIs) {
  SequenceTracker tracker;
  for (std::uint64_t n = 1; n <= 100; ++n) EXPECT_FALSE(tracker.gap("a", n)) << n;
  EXPECT_TRUE(tracker.gap("a", 102));
  EXPECT_FALSE(tracker.gap("a", 103)) << "the skipped-to number is remembered";
}

TEST(EventSequenceTracker, RepeatsAndRestartsCountAsGaps) {
  SequenceTracker tracker;
  EXPECT_FALSE(tracker.gap("a", 5));
  EXPECT_TRUE(tracker.gap("a", 5)) << "a repeat";
  EXPECT_TRUE(tracker.gap("a", 1)) << "the origin restarted";
  EXPECT_FALSE(tracker.gap("a", 2));
  EXPECT_TRUE(tracker.gap("a", 0));
  EXPECT_FALSE(tracker.gap("a", 1));
}

TEST(EventSequenceTracker, OriginsAreTrackedApart) {
  SequenceTracker tracker;
  EXPECT_FALSE(tracker.gap("a", 1));
  EXPECT_FALSE(tracker.gap("b", 1));
  EXPECT_FALSE(tracker.gap("a", 2));
  EXPECT_FALSE(tracker.gap("b", 2));
  EXPECT_TRUE(tracker.gap("b", 4));
  EXPECT_FALSE(tracker.gap("a", 3)) << "b's gap is not a's";
}

TEST(EventSequenceTracker, ResetForgetsEveryOrigin) {
  SequenceTracker tracker;
  EXPECT_FALSE(tracker.gap("a", 1));
  EXPECT_FALSE(tracker.gap("b", 1));
  tracker.reset();
  EXPECT_FALSE(tracker.gap("a", 50));
  EXPECT_FALSE(tracker.gap("b", 7));
  EXPECT_TRUE(tracker.gap("a", 52));
}

TEST(EventSequenceTracker, ConcurrentOriginsNeverSeeAFalseGap) {
  SequenceTracker tracker;
  std::vector<std::thread> threads;
  std::vector<int> gaps(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&tracker, &gaps, t] {
      const std::string origin = "node-" + std::to_string(t);
      for (std::uint64_t n = 1; n <= 10'000; ++n) gaps[t] += tracker.gap(origin, n) ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(gaps[t], 0) << t;
}

}  // namespace
}  // namespace marquee::events

// Request framing checks (RFC 9112 §3.2, §6.1, §6.3) on parsed header fields: every way a
// request's length could be read two ways is refused.
#include <gtest/gtest.h>

#include "http/MessageFraming.h"

namespace marquee::http {
namespace {

Headers fields(std::initializer_list<std::pair<const char*, const char*>> list) {
  Headers h;
  for (const auto& [k, v] : list) h.add(k, v);
  return h;
}

TEST(MessageFraming, sound_requests_pass) {
  EXPECT_FALSE(framing_problem(fields({{"Host", "a.example"}}), 11));
  EXPECT_FALSE(framing_problem(fields({{"Host", "a.example:8080"}, {"Content-Length", "3"}}), 11));
  EXPECT_FALSE(framing_problem(fields({{"Host", "[::1]:80"}, {"Transfer-Encoding", "chunked"}}), 11));
  EXPECT_FALSE(framing_problem(fields({{"Host", "x"}, {"Transfer-Encoding", " Chunked "}}), 11));
  EXPECT_FALSE(framing_problem(fields({{"Host", "x"}, {"Transfer-Encoding", ", chunked"}}), 11));  // empty element
  EXPECT_FALSE(framing_problem(fields({}), 10));  // HTTP/1.0 may omit Host
}

TEST(MessageFraming, transfer_encoding_must_end_in_a_single_chunked) {
  for (const char* te : {"xchunked", "gzip", "identity", "chunked, identity", "chunked, chunked", "", ",",
                         "gzip, chunked", "chunkedx", ";, chunked", ";q=1,chunked", "\"chunked\"", "chunked/1"}) {
    EXPECT_TRUE(framing_problem(fields({{"Host", "x"}, {"Transfer-Encoding", te}}), 11)) << te;
  }
  // Split over two fields, the list is one list: "chunked" then "identity".
  EXPECT_TRUE(framing_problem(fields({{"Host", "x"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "identity"}}), 11));
  EXPECT_TRUE(framing_problem(fields({{"Host", "x"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "4"}}), 11));
  EXPECT_TRUE(framing_problem(fields({{"Host", "x"}, {"Transfer-Encoding", "chunked"}}), 10));
}

TEST(MessageFraming, host_and_content_length_rules) {
  EXPECT_TRUE(framing_problem(fields({}), 11));
  EXPECT_TRUE(framing_problem(fields({{"Host", "a"}, {"Host", "a"}}), 11));
  EXPECT_TRUE(framing_problem(fields({{"Host", "a"}, {"Host", "b"}}), 10));
  for (const char* host : {"a b", "evil.example/x", "user@host", "a\tb", "h\xc3\xa9"}) {
    EXPECT_TRUE(framing_problem(fields({{"Host", host}}), 11)) << host;
  }
  EXPECT_TRUE(framing_problem(fields({{"Host", "a"}, {"Content-Length", "1"}, {"Content-Length", "1"}}), 11));
}

}  // namespace
}  // namespace marquee::http

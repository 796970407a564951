// The status line and header block as they go on the wire: framing Marquee decides, and no
// field can split the answer in two.
#include <gtest/gtest.h>

#include "http/ResponseHead.h"

namespace marquee::http {
namespace {

TEST(ResponseHead, StatusFieldsLengthAndTheBlankLine) {
  Headers headers;
  headers.add("Content-Type", "application/json");
  headers.add("RateLimit-Remaining", "299");
  EXPECT_EQ(response_head(200, headers, true, 42),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRateLimit-Remaining: 299\r\n"
            "Content-Length: 42\r\n\r\n");
  EXPECT_EQ(response_head(204, {}, false, std::nullopt), "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(response_head(460, {}, true, 0), "HTTP/1.1 460 Checksum Mismatch\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(response_head(429, {}, true, 0).substr(0, 30), "HTTP/1.1 429 Too Many Requests");
}

TEST(ResponseHead, FramingIsMarqueesAloneAndNoFieldSplitsTheAnswer) {
  Headers headers;
  headers.add("Content-Length", "1");
  headers.add("transfer-encoding", "chunked");
  headers.add("Connection", "keep-alive");
  headers.add("Content-Disposition", "attachment; filename=\"a\r\nSet-Cookie: session=stolen\r\n\r\n<html>\"");
  headers.add(std::string("X-Odd\nName", 10), std::string("nul\0byte", 8));
  const std::string head = response_head(200, headers, true, 5);
  EXPECT_EQ(head.find("Content-Length: 1\r"), std::string::npos);
  EXPECT_EQ(head.find("chunked"), std::string::npos);
  EXPECT_EQ(head.find("keep-alive"), std::string::npos);
  EXPECT_NE(head.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_EQ(head.find("\r\nSet-Cookie"), std::string::npos) << head;
  EXPECT_NE(head.find("filename=\"a  Set-Cookie: session=stolen    <html>\""), std::string::npos) << head;
  EXPECT_NE(head.find("X-Odd Name: nul byte\r\n"), std::string::npos) << head;
  // Exactly one blank line, at the end.
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4);
}

}  // namespace
}  // namespace marquee::http

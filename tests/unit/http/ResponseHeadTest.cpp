// The status line and header block as they go on the wire: framing Marquee decides, and no
// field can split the answer in two.
#include <gtest/gtest.h>

#include "http/ResponseHead.h"

namespace marquee::http {
namespace {

Response with_status(int status) {
  Response response;
  response.status = status;
  return response;
}

TEST(ResponseHead, StatusFieldsLengthAndTheBlankLine) {
  Response ok = with_status(200);
  ok.headers.add("Content-Type", "application/json");
  ok.rate_limit = RateLimitFields{300, 299, 1};
  EXPECT_EQ(response_head(ok, true, 42),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRateLimit-Limit: 300\r\n"
            "RateLimit-Remaining: 299\r\nRateLimit-Reset: 1\r\nContent-Length: 42\r\n\r\n");
  EXPECT_EQ(response_head(with_status(204), false, std::nullopt),
            "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(response_head(with_status(460), true, 0), "HTTP/1.1 460 Checksum Mismatch\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(response_head(with_status(429), true, 0).substr(0, 30), "HTTP/1.1 429 Too Many Requests");
}

TEST(ResponseHead, RateLimitNumbersAreWrittenWholeAtEveryLength) {
  for (const std::int64_t value : {0LL, 7LL, 10LL, 99LL, 100LL, 101LL, 999LL, 1'000LL, 65'536LL, 1'000'000'000LL,
                                   9'223'372'036'854'775'807LL}) {
    Response response;
    response.rate_limit = RateLimitFields{value, value, value};
    const std::string text = std::to_string(value);
    EXPECT_EQ(response_head(response, true, std::nullopt),
              "HTTP/1.1 200 OK\r\nRateLimit-Limit: " + text + "\r\nRateLimit-Remaining: " + text +
                  "\r\nRateLimit-Reset: " + text + "\r\n\r\n");
  }
  Response rendered;  // the limit as its setter keeps it, in decimal
  rendered.rate_limit = RateLimitFields{250, 249, 2, "250"};
  EXPECT_NE(response_head(rendered, true, std::nullopt).find("RateLimit-Limit: 250\r\nRateLimit-Remaining: 249\r\n"),
            std::string::npos);
  Response negative;
  negative.rate_limit = RateLimitFields{5, -3, -1};
  EXPECT_NE(response_head(negative, true, std::nullopt).find("RateLimit-Remaining: 0\r\nRateLimit-Reset: 0\r\n"),
            std::string::npos);
}

TEST(ResponseHead, FramingIsMarqueesAloneAndNoFieldSplitsTheAnswer) {
  Response response;
  Headers& headers = response.headers;
  headers.add("Content-Length", "1");
  headers.add("transfer-encoding", "chunked");
  headers.add("Connection", "keep-alive");
  headers.add("Content-Disposition", "attachment; filename=\"a\r\nSet-Cookie: session=stolen\r\n\r\n<html>\"");
  headers.add(std::string("X-Odd\nName", 10), std::string("nul\0byte", 8));
  const std::string head = response_head(response, true, 5);
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

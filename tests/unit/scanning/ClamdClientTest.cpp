// clamd's answers, hostile ones included, and the addresses an operator writes.
#include <gtest/gtest.h>

#include "core/Error.h"
#include "scanning/ClamdClient.h"

namespace marquee::scanning {
namespace {

using Outcome = ScanResult::Outcome;

TEST(ClamdReply, ReadsEachKindOfAnswer) {
  EXPECT_EQ(parse_clamd_reply("stream: OK").outcome, Outcome::clean);
  const auto found = parse_clamd_reply("stream: Win.Test.EICAR_HDB-1 FOUND");
  EXPECT_EQ(found.outcome, Outcome::infected);
  EXPECT_EQ(found.signature, "Win.Test.EICAR_HDB-1");
  EXPECT_EQ(parse_clamd_reply("INSTREAM size limit exceeded. ERROR").outcome, Outcome::too_large);
  EXPECT_EQ(parse_clamd_reply("stream: Can't allocate memory ERROR").outcome, Outcome::error);
  EXPECT_EQ(parse_clamd_reply("").outcome, Outcome::error);
}

TEST(ClamdReply, HostileAnswersNeverForgeAStatusOrALogLine) {
  const auto forged = parse_clamd_reply("stream: Evil\nINJECTED: yes\x1b[31m FOUND");
  EXPECT_EQ(forged.outcome, Outcome::infected);
  EXPECT_EQ(forged.signature.find_first_of("\n\x1b "), std::string::npos);
  EXPECT_LE(parse_clamd_reply("stream: " + std::string(100'000, 'A') + " FOUND").signature.size(), 200u);
  EXPECT_EQ(parse_clamd_reply("stream:  FOUND").outcome, Outcome::error);  // no name: not a match we can show
  const auto garbage = parse_clamd_reply(std::string("\x01\x02\xff junk", 9));
  EXPECT_EQ(garbage.outcome, Outcome::error);
  EXPECT_EQ(garbage.message.find_first_of("\x01\x02\xff"), std::string::npos);
  EXPECT_EQ(parse_clamd_reply("stream: OK trailing").outcome, Outcome::error);
}

TEST(ClamdAddress, UnixAndTcp) {
  EXPECT_EQ(parse_clamd_address("unix:/run/clamav/clamd.ctl").path, "/run/clamav/clamd.ctl");
  EXPECT_EQ(parse_clamd_address("unix:///run/clamd.sock").path, "/run/clamd.sock");
  const auto tcp = parse_clamd_address("tcp://127.0.0.1:3310");
  EXPECT_FALSE(tcp.unix_socket);
  EXPECT_EQ(tcp.host, "127.0.0.1");
  EXPECT_EQ(tcp.port, "3310");
  EXPECT_EQ(parse_clamd_address("tcp://[::1]:3310").host, "::1");
  for (const char* bad : {"", "clamd", "unix:relative", "tcp://host", "tcp://:3310", "http://x:1", "tcp://h:"}) {
    EXPECT_THROW(parse_clamd_address(bad), Error) << bad;
  }
  EXPECT_THROW(parse_clamd_address("unix:/" + std::string(200, 'x')), Error);
}

TEST(ClamdClient, AnUnreachableClamdIsAnErrorNotAnException) {
  ClamdClient client(parse_clamd_address("unix:/nonexistent/clamd.sock"), std::chrono::milliseconds(500));
  const auto result = client.scan_file("/etc/hostname");
  EXPECT_EQ(result.outcome, Outcome::error);
  EXPECT_NE(result.message.find("cannot connect"), std::string::npos);
  EXPECT_NE(client.ping(), "PONG");
}

}  // namespace
}  // namespace marquee::scanning

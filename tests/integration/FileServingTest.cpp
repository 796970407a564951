// Media files through the transport's sendfile path, with files much larger than a socket
// buffer: whole bodies and ranges arrive intact behind their header, HEAD sends none, and
// a reader that stops reading is cut off by the idle timeout instead of holding the
// connection for ever.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "db/Database.h"
#include "blob/BlobStore.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

struct FileServing : ::testing::Test {
  TestServer server{[](Config& c) { c.idle_timeout_ms = 300; }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  std::string video_id;
  std::string data;

  void SetUp() override {
    auto r = client.post("/api/videos", boost::json::object{{"title", "Big segments"}, {"visibility", "public"}},
                         creator.access_token);
    ASSERT_EQ(r.status, 201) << r.body;
    video_id = std::string(r.json().as_object()["id"].as_string());
    server.app().database().execute("UPDATE videos SET status = 'ready' WHERE id = ?", {video_id});
    std::mt19937 gen(7);
    data.resize((10 << 20) + 1234);  // more than a loopback socket buffer takes (4 MiB)
    for (auto& c : data) c = static_cast<char>(gen());
    server.app().blobs().put_bytes("videos/" + video_id + "/hls/1080p/seg_00001.m4s", data);
  }
  std::string segment() const { return "/media/videos/" + video_id + "/hls/1080p/seg_00001.m4s"; }
};

TEST_F(FileServing, a_segment_larger_than_the_socket_buffers_arrives_whole_and_in_ranges) {
  auto whole = client.get(segment());
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_EQ(*whole.headers.get("Content-Length"), std::to_string(data.size()));
  EXPECT_TRUE(whole.body == data) << "the body differs from the file";

  auto part = client.request("GET", segment(), "", {{"Range", "bytes=1000000-4999999"}});
  ASSERT_EQ(part.status, 206);
  EXPECT_TRUE(part.body == data.substr(1'000'000, 4'000'000));

  auto head = client.request("HEAD", segment());
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(*head.headers.get("Content-Length"), std::to_string(data.size()));
  EXPECT_TRUE(head.body.empty());

  // Keep-alive: two whole files and then a small response on one connection.
  std::string get = "GET " + segment() + " HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string raw = client.raw(get + get + "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 20'000);
  auto first = raw.find("\r\n\r\n");
  ASSERT_NE(first, std::string::npos);
  EXPECT_TRUE(raw.compare(first + 4, data.size(), data) == 0);
  auto second = raw.find("HTTP/1.1 200", first + 4 + data.size());
  ASSERT_EQ(second, first + 4 + data.size()) << "the second response follows the first body exactly";
  EXPECT_NE(raw.find("HTTP/1.1 200", second + data.size()), std::string::npos);
}

TEST_F(FileServing, a_reader_that_stops_reading_is_cut_off_by_the_idle_timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  int small = 4096;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(client.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string get = "GET " + segment() + " HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, get.data(), get.size(), MSG_NOSIGNAL), static_cast<ssize_t>(get.size()));
  // Read nothing for a while: the server's socket buffer fills and it waits for room.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  // Now drain: the server must have given up on us, so the stream ends before the body.
  std::size_t received = 0;
  bool closed = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  char buf[65536];
  while (!closed && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) closed = true;
    else received += static_cast<std::size_t>(n);
  }
  ::close(fd);
  EXPECT_TRUE(closed) << "the server kept the connection of a reader that stopped reading";
  EXPECT_LT(received, data.size());
}

}  // namespace
}  // namespace marquee::testing

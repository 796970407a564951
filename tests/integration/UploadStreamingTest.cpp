// Long upload requests as the transport streams them: bodies larger than the receive
// chunk (1 MiB) and than many checkpoints, chunked bodies, pipelined requests after a
// body, dropped connections (the offset is exactly what was made durable, and resuming
// from it yields the whole file), and bodies the server refuses without reading them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "support/MediaFixtures.h"
#include "blob/BlobStore.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

int status_of(const std::string& raw) { return raw.size() >= 12 ? std::stoi(raw.substr(9, 3)) : 0; }

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(gen());
  return out;
}

struct UploadStreaming : ::testing::Test {
  TestServer server{[](Config& c) {
    c.upload_max_file_bytes = 32 << 20;
    c.upload_user_quota_bytes = 0;
    c.upload_checkpoint_bytes = 64 << 10;  // the smallest allowed: many checkpoints per request
  }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");

  Headers tus(Headers extra = {}) {
    Headers h = {{"Tus-Resumable", "1.0.0"}, {"Authorization", "Bearer " + creator.access_token}};
    h.insert(h.end(), extra.begin(), extra.end());
    return h;
  }
  // Creates an upload and returns {location, video id}.
  std::pair<std::string, std::string> create(std::size_t length) {
    auto r = client.request("POST", "/api/uploads", "", tus({{"Upload-Length", std::to_string(length)}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return {std::string(r.headers.get("Location").value_or("")), std::string(r.headers.get("Marquee-Video-Id").value_or(""))};
  }
  HttpResult patch(const std::string& location, std::size_t offset, const std::string& bytes) {
    return client.request("PATCH", location, bytes,
                          tus({{"Upload-Offset", std::to_string(offset)},
                               {"Content-Type", "application/offset+octet-stream"}}));
  }
  std::int64_t offset_of(const std::string& location) {
    auto r = client.request("HEAD", location, "", tus());
    return r.status == 200 ? std::stoll(std::string(*r.headers.get("Upload-Offset"))) : -r.status;
  }
  // The head of a raw PATCH; the caller appends the body (or part of it).
  std::string raw_patch_head(const std::string& location, std::size_t offset, const std::string& framing) {
    return "PATCH " + location + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer " +
           creator.access_token + "\r\nUpload-Offset: " + std::to_string(offset) +
           "\r\nContent-Type: application/offset+octet-stream\r\n" + framing + "\r\n";
  }
  std::string source_of(const std::string& video_id) {
    return server.stored_blob("videos/" + video_id + "/source");
  }
};

TEST_F(UploadStreaming, one_patch_over_many_receive_chunks_and_checkpoints_arrives_intact) {
  std::string data = random_bytes((5 << 20) + 12345, 1);
  auto [location, video] = create(data.size());
  auto r = patch(location, 0, data);
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(*r.headers.get("Upload-Offset"), std::to_string(data.size()));
  EXPECT_TRUE(source_of(video) == data) << "the stored source differs from the uploaded bytes";
}

TEST_F(UploadStreaming, a_dropped_patch_keeps_exactly_what_arrived_durable_and_resumes_from_it) {
  std::string data = random_bytes((3 << 20) + 7, 2);
  auto [location, video] = create(data.size());
  std::size_t sent = (2 << 20) + 333;  // past two receive chunks and many checkpoints
  // Declares the whole length, sends part of it and hangs up.
  client.raw(raw_patch_head(location, 0, "Content-Length: " + std::to_string(data.size()) + "\r\n") +
                 data.substr(0, sent),
             300);
  // The server finishes the request once it sees the connection gone; wait for that.
  std::int64_t offset = 0;
  for (int i = 0; i < 200 && offset != static_cast<std::int64_t>(sent); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    offset = offset_of(location);
  }
  ASSERT_EQ(offset, static_cast<std::int64_t>(sent)) << "every byte that arrived was made durable and recorded";
  // The durable bytes: the spool file on a local store; the stored tail (no whole part was
  // sent: 2 MiB is less than one) on a shared one.
  const std::string upload_id = location.substr(location.rfind('/') + 1);
  std::string part = server.app().blobs().multipart() ? server.stored_blob("uploads/" + upload_id + "/tail-0-" + std::to_string(sent))
                                                      : read_file(server.data_dir() + "/uploads/" + upload_id + ".part");
  ASSERT_GE(part.size(), sent);
  EXPECT_TRUE(part.compare(0, sent, data, 0, sent) == 0) << "the durable prefix holds the bytes sent";

  HttpResult rest;
  for (int i = 0; i < 100; ++i) {  // 423 while the dropped request still holds the upload
    rest = patch(location, sent, data.substr(sent));
    if (rest.status != 423) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(rest.status, 204) << rest.body;
  EXPECT_TRUE(source_of(video) == data);
}

TEST_F(UploadStreaming, a_chunked_patch_larger_than_a_receive_chunk_arrives_intact) {
  std::string data = random_bytes((2 << 20) + 4321, 3);
  auto [location, video] = create(data.size());
  std::string body;
  for (std::size_t at = 0; at < data.size(); at += 300'000) {
    std::string piece = data.substr(at, 300'000);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    body += size + piece + "\r\n";
  }
  body += "0\r\n\r\n";
  std::string answer =
      client.raw(raw_patch_head(location, 0, "Transfer-Encoding: chunked\r\nConnection: close\r\n") + body, 10'000);
  ASSERT_EQ(status_of(answer), 204) << answer;
  EXPECT_NE(answer.find("Upload-Offset: " + std::to_string(data.size())), std::string::npos);
  EXPECT_TRUE(source_of(video) == data);
}

TEST_F(UploadStreaming, a_request_pipelined_behind_a_body_is_answered) {
  std::string data = random_bytes(1000, 4);
  auto [location, video] = create(data.size() + 10);
  std::string two = raw_patch_head(location, 0, "Content-Length: 1000\r\n") + data +
                    "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  std::string answer = client.raw(two, 10'000);
  EXPECT_EQ(status_of(answer), 204) << answer;
  EXPECT_NE(answer.find("HTTP/1.1 200", 12), std::string::npos) << answer;
  EXPECT_EQ(offset_of(location), 1000);
}

TEST_F(UploadStreaming, a_body_past_upload_length_is_413_and_what_was_recorded_is_a_true_prefix) {
  std::string data = random_bytes((3 << 20) / 2, 5);
  auto [location, video] = create(data.size());
  // Two whole receive chunks: the server reads the body to its end (no unread bytes to
  // reset the connection) and refuses the second chunk, which would pass the length.
  std::string too_long = data + random_bytes(1 << 19, 6);
  auto r = patch(location, 0, too_long);
  EXPECT_EQ(r.status, 413) << r.body;
  std::int64_t offset = offset_of(location);
  ASSERT_GE(offset, 0);
  ASSERT_LE(offset, static_cast<std::int64_t>(data.size()));
  HttpResult rest;
  for (int i = 0; i < 100; ++i) {
    rest = patch(location, static_cast<std::size_t>(offset), data.substr(static_cast<std::size_t>(offset)));
    if (rest.status != 423) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(rest.status, 204) << rest.body;
  EXPECT_TRUE(source_of(video) == data);
}

TEST_F(UploadStreaming, a_refused_patch_is_answered_without_reading_the_body_or_sending_100_continue) {
  auto [location, video] = create(1 << 20);
  // Wrong offset; 1 MiB announced with Expect: 100-continue and never sent.
  std::string answer =
      client.raw(raw_patch_head(location, 5, "Content-Length: 1048576\r\nExpect: 100-continue\r\n"), 5'000);
  EXPECT_EQ(status_of(answer), 409) << answer;
  EXPECT_EQ(answer.find("100 Continue"), std::string::npos);
  EXPECT_EQ(offset_of(location), 0);
}

TEST_F(UploadStreaming, a_client_that_hangs_up_within_the_first_chunk_keeps_what_arrived) {
  // The bytes came with the header (no body read of their own) and the client disappears.
  std::string data = random_bytes(4096, 7);
  auto [location, video] = create(1 << 20);
  client.raw(raw_patch_head(location, 0, "Content-Length: 1048576\r\n") + data, 300);
  std::int64_t offset = -1;
  for (int i = 0; i < 200 && offset != 4096; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    offset = offset_of(location);
  }
  EXPECT_EQ(offset, 4096);
}

}  // namespace
}  // namespace marquee::testing

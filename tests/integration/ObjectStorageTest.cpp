// Marquee on an S3-compatible store (s3rver on loopback, started by scripts/with-s3; the
// tests skip without it): a video uploaded, transcoded and played with every byte of media
// in the store, and, on PostgreSQL, with the API and the worker as two separate instances
// (data dirs of their own, as on two machines) that share nothing but the database and the
// store — the worker uploads the ladder as it grows,
// so the API node plays the video before it is ready. Both delivery modes are checked:
// origin (Marquee streams from the store) and redirect (302 to a presigned URL).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "blob/S3BlobStore.h"
#include "blob/S3Location.h"
#include "core/Crypto.h"
#include "support/Eventually.h"
#include "support/MediaFixtures.h"
#include "support/PseudoRandom.h"
#include "support/TestDatabase.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

std::optional<std::string> s3_test_url() {
  const char* url = std::getenv("MARQUEE_TEST_S3_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

struct ObjectStorage : ::testing::Test {
  void SetUp() override {
    if (!s3_test_url()) GTEST_SKIP() << "no S3 test server (run under scripts/with-s3)";
    store_url = *s3_test_url();
    store_url.insert(store_url.find('?'), "/it-" + crypto::to_hex(crypto::random_bytes(6)));
    store = std::make_unique<blob::S3BlobStore>(blob::parse_s3_location(store_url));
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(media_dir, ignored);
  }

  // A node on the test store, sharing the keys nodes of one site share.
  std::function<void(Config&)> node(const std::string& role, const std::string& database = "",
                                    const std::string& delivery = "origin") {
    return [=, this](Config& c) {
      c.blobs = store_url;
      c.role = role;
      c.jwt_secret = "object-storage-test-jwt-key-0123456789";
      c.playback_secret = "object-storage-test-playback-key-0123";
      c.playback_delivery = delivery;
      c.media_preset = "ultrafast";
      if (!database.empty()) c.database = database;
    };
  }

  std::string upload(const TestClient& client, const TestUser& user, const std::string& file,
                     const std::string& visibility = "public") {
    return tus_upload(client, user.access_token, read_file(file), visibility);
  }

  static std::string status_of(const TestClient& client, const TestUser& user, const std::string& id) {
    return std::string(client.get("/api/videos/" + id, user.access_token).json().at("status").as_string());
  }

  static bool wait_until(const std::function<bool()>& check, int seconds = 120) {
    return eventually(check, std::chrono::seconds(seconds));
  }

  static std::string url(const TestClient& client, const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(client.port()) + path;
  }

  std::string store_url;
  std::unique_ptr<blob::S3BlobStore> store;
  std::string media_dir = make_temp_dir("marquee-media");
};

TEST_F(ObjectStorage, a_video_on_the_s3_store_is_processed_played_and_deleted_with_every_byte_in_the_store) {
  TestServer server(node("all"));
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  const std::string source_file = make_clip(media_dir, "clip.mp4", 640, 360, 3);
  const std::string id = upload(client, creator, source_file);
  ASSERT_TRUE(wait_until([&] { return status_of(client, creator, id) == "ready"; })) << status_of(client, creator, id);

  // Everything a viewer plays is in the store, and nothing is left on the node's disk.
  EXPECT_EQ(store->read("videos/" + id + "/source", 0, 1 << 30), read_file(source_file));
  EXPECT_TRUE(store->stat("videos/" + id + "/hls/master.m3u8"));
  EXPECT_TRUE(store->stat("videos/" + id + "/thumbs/poster.jpg"));
  EXPECT_FALSE(std::filesystem::exists(server.data_dir() + "/blobs/videos/" + id));
  EXPECT_FALSE(std::filesystem::exists(server.data_dir() + "/work/" + id));

  auto playback = client.get("/api/videos/" + id + "/playback").json().as_object();
  const std::string master(playback["master_url"].as_string());
  EXPECT_EQ(run("ffmpeg -v error -i '" + url(client, master) + "' -f null -"), 0) << "played from the store";
  auto poster = client.get(std::string(playback["poster_url"].as_string()));
  EXPECT_EQ(poster.status, 200);
  EXPECT_EQ(poster.body.substr(0, 2), "\xff\xd8");
  auto ranged = client.request("GET", std::string(playback["poster_url"].as_string()), "", {{"Range", "bytes=0-9"}});
  EXPECT_EQ(ranged.status, 206);
  EXPECT_EQ(ranged.body, poster.body.substr(0, 10)) << "Range passes through to the store";
  auto revalidated = client.request("GET", std::string(playback["poster_url"].as_string()), "",
                                    {{"If-None-Match", std::string(*poster.headers.get("ETag"))}});
  EXPECT_EQ(revalidated.status, 304);

  auto ready = client.get("/api/ready").json().as_object();
  EXPECT_EQ(ready["blobs"].as_string(), "ok");
  EXPECT_EQ(ready["status"].as_string(), "ready");

  ASSERT_EQ(client.del("/api/videos/" + id, creator.access_token).status, 204);
  EXPECT_TRUE(wait_until([&] { return store->list_prefix("videos/" + id).empty(); }, 10)) << "deleting removes the files";
}

TEST_F(ObjectStorage, private_media_on_the_store_needs_a_token_and_redirects_to_a_presigned_url) {
  TestServer server(node("all", "", "redirect"));
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  const std::string id = upload(client, creator, make_clip(media_dir, "clip.mp4", 320, 240, 2), "private");
  ASSERT_TRUE(wait_until([&] { return status_of(client, creator, id) == "ready"; })) << status_of(client, creator, id);

  const std::string bare = "/media/videos/" + id + "/thumbs/poster.jpg";
  EXPECT_EQ(client.get(bare).status, 403) << "no token, no media, on a remote store too";
  auto playback = client.get("/api/videos/" + id + "/playback", creator.access_token).json().as_object();
  ASSERT_TRUE(playback["signed"].as_bool());
  auto redirected = client.get(std::string(playback["poster_url"].as_string()));
  ASSERT_EQ(redirected.status, 302);
  const std::string location(*redirected.headers.get("Location"));
  EXPECT_NE(location.find("X-Amz-Signature="), std::string::npos) << location;
  EXPECT_EQ(*redirected.headers.get("Cache-Control"), "private, max-age=60");
  // Playlists still come from Marquee (signed per request) and the player follows the
  // redirects to the store for every segment.
  const std::string master(playback["master_url"].as_string());
  EXPECT_EQ(client.get(master).status, 200);
  EXPECT_EQ(run("ffmpeg -v error -i '" + url(client, master) + "' -f null -"), 0);
  EXPECT_EQ(run("curl -sf -o /dev/null '" + location + "'"), 0) << "the presigned URL serves the poster";
}

TEST_F(ObjectStorage, a_worker_in_another_process_uploads_the_ladder_as_it_grows_so_the_api_node_plays_it_early) {
  if (!using_postgres()) GTEST_SKIP() << "two processes share one database only on PostgreSQL";
  TestServer api(node("api"));
  TestServer worker(node("worker", api.config().database));
  ASSERT_NE(api.data_dir(), worker.data_dir());
  const TestClient& client = api.client();
  TestUser creator = api.user_with_role("creator", "maker");
  // Long enough that the API node sees it playable well before it is ready.
  const std::string id = upload(client, creator, make_clip(media_dir, "long.mp4", 640, 360, 30));

  std::string playable_master;
  ASSERT_TRUE(wait_until([&] {
    const std::string status = status_of(client, creator, id);
    if (status == "playable") {
      auto master = client.get("/media/videos/" + id + "/hls/master.m3u8");
      if (master.status == 200) playable_master = master.body;
    }
    return !playable_master.empty() || status == "ready" || status == "failed";
  }));
  EXPECT_FALSE(playable_master.empty()) << "the API node served the master while the worker was still encoding";
  EXPECT_EQ(run("ffmpeg -v error -i '" + url(client, "/media/videos/" + id + "/hls/master.m3u8") +
                "' -map 0:v:0 -t 1 -f null -"),
            0)
      << "the first segments play from the store through the API node";

  ASSERT_TRUE(wait_until([&] { return status_of(client, creator, id) == "ready"; }, 300));
  EXPECT_FALSE(std::filesystem::exists(api.data_dir() + "/work/" + id)) << "the API node never had the files";
  EXPECT_EQ(run("ffmpeg -v error -i '" + url(client, "/media/videos/" + id + "/hls/master.m3u8") + "' -f null -"), 0);
  auto listed = store->list_prefix("videos/" + id + "/hls");
  for (const auto& blob : listed) EXPECT_EQ(blob.key.find(".tmp"), std::string::npos) << blob.key;
}

TEST_F(ObjectStorage, an_upload_goes_on_through_any_node_even_after_one_dropped_it_and_arrives_byte_identical) {
  if (!using_postgres()) GTEST_SKIP() << "two nodes share one database only on PostgreSQL";
  auto small_parts = [this](const std::string& database) {
    return [=, this](Config& c) {
      node("api", database)(c);
      c.blob_part_size_mib = 5;
    };
  };
  TestServer a(small_parts(""));
  TestServer b(small_parts(a.config().database));
  TestUser creator = a.user_with_role("creator", "maker");
  constexpr std::size_t kMiB = 1 << 20;
  const std::string data = pseudo_random_bytes(17 * kMiB + 12345, 3);
  auto tus = [&](std::vector<std::pair<std::string, std::string>> extra) {
    extra.emplace_back("Tus-Resumable", "1.0.0");
    extra.emplace_back("Authorization", "Bearer " + creator.access_token);
    return extra;
  };
  auto created = a.client().request("POST", "/api/uploads", "", tus({{"Upload-Length", std::to_string(data.size())}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string location(*created.headers.get("Location"));
  const std::string video(*created.headers.get("Marquee-Video-Id"));
  auto patch = [&](TestServer& node, std::size_t from, std::size_t to) {
    return node.client().request("PATCH", location, data.substr(from, to - from),
                                 tus({{"Upload-Offset", std::to_string(from)},
                                      {"Content-Type", "application/offset+octet-stream"}}));
  };
  auto offset_on = [&](TestServer& node) {
    auto r = node.client().request("HEAD", location, "", tus({}));
    return r.status == 200 ? std::stoll(std::string(*r.headers.get("Upload-Offset"))) : -r.status;
  };

  // A whole part and a tail through A; B sees the offset and takes over from it.
  ASSERT_EQ(patch(a, 0, 7 * kMiB).status, 204);
  EXPECT_EQ(offset_on(b), static_cast<std::int64_t>(7 * kMiB));
  // A request that stored a tail and died before moving the offset leaves one behind; it
  // names other bytes than the database's, and is never read in their place.
  store->put_bytes("uploads/" + location.substr(location.rfind('/') + 1) + "/tail-" + std::to_string(5 * kMiB) + "-" +
                       std::to_string(7 * kMiB + 99),
                   std::string(2 * kMiB + 99, 'X'));
  ASSERT_EQ(patch(b, 7 * kMiB, 9 * kMiB).status, 204) << "B resumes from A's stored tail";
  EXPECT_EQ(offset_on(a), static_cast<std::int64_t>(9 * kMiB));

  // A receives part of a request and loses the client: what arrived is durable for B.
  const std::size_t declared_end = data.size();
  const std::size_t sent_end = 13 * kMiB + 777;
  a.client().raw("PATCH " + location + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer " +
                     creator.access_token + "\r\nUpload-Offset: " + std::to_string(9 * kMiB) +
                     "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " +
                     std::to_string(declared_end - 9 * kMiB) + "\r\n\r\n" + data.substr(9 * kMiB, sent_end - 9 * kMiB),
                 300);
  std::int64_t durable = 0;
  ASSERT_TRUE(wait_until([&] { return (durable = offset_on(b)) == static_cast<std::int64_t>(sent_end); }, 20))
      << "B sees every byte A received as durable: " << durable;

  // B finishes the upload; the source in the store is the file, byte for byte.
  auto last = patch(b, sent_end, data.size());
  ASSERT_EQ(last.status, 204) << last.body;
  EXPECT_TRUE(store->read("videos/" + video + "/source", 0, data.size() + 1) == data)
      << "the source assembled from parts sent by two nodes differs from the upload";
  EXPECT_TRUE(store->list_prefix("uploads/" + location.substr(location.rfind('/') + 1)).empty()) << "the tails are gone";
  EXPECT_FALSE(std::filesystem::exists(a.data_dir() + "/uploads/" + location.substr(location.rfind('/') + 1) + ".part"))
      << "(A's spool file for a request it finished is its own business, but B completed: A holds nothing useful)";
}

// PUTs a local file (or bytes [offset, offset + length) of it) to a URL with curl, as a
// browser would; returns the ETag header the store answered with ("" on failure).
std::string curl_put(const std::string& url, const std::string& file, const std::string& dir,
                     std::uint64_t offset = 0, std::uint64_t length = 0, const std::string& content_type = "") {
  std::string body = file;
  if (length > 0) {
    std::string all = read_file(file);
    body = dir + "/part-" + std::to_string(offset);
    write_file(body, all.substr(offset, length));
  }
  const std::string headers = dir + "/headers.txt";
  std::filesystem::remove(headers);
  const std::string type = content_type.empty() ? "" : " -H 'Content-Type: " + content_type + "'";
  if (run("curl -sf -X PUT --data-binary @'" + body + "'" + type + " -D '" + headers + "' '" + url + "'") != 0) return "";
  for (std::string line : [&] {
         std::vector<std::string> lines;
         std::istringstream in(read_file(headers));
         for (std::string l; std::getline(in, l);) lines.push_back(l);
         return lines;
       }()) {
    if (line.size() > 5 && (line.rfind("ETag:", 0) == 0 || line.rfind("etag:", 0) == 0)) {
      std::string etag = line.substr(5);
      while (!etag.empty() && (etag.front() == ' ')) etag.erase(0, 1);
      while (!etag.empty() && (etag.back() == '\r' || etag.back() == ' ')) etag.pop_back();
      return etag;
    }
  }
  return "";
}

TEST_F(ObjectStorage, direct_uploads_go_straight_to_the_store_and_are_verified_before_processing) {
  TestServer server([this](Config& c) {
    node("all")(c);
    c.blob_part_size_mib = 5;
  });
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  const std::string clip = make_clip(media_dir, "clip.mp4", 320, 240, 2);
  const std::string bytes = read_file(clip);

  // One PUT, for a file up to a part.
  auto granted = client.post("/api/uploads/presigned",
                             object{{"size", bytes.size()}, {"title", "direct"}, {"content_type", "video/mp4"}},
                             creator.access_token);
  ASSERT_EQ(granted.status, 201) << granted.body;
  auto grant = granted.json().as_object();
  const std::string video(grant["video_id"].as_string());
  ASSERT_TRUE(grant.contains("url"));
  EXPECT_NE(curl_put(std::string(grant["url"].as_string()), clip, media_dir, 0, 0, "video/mp4"), "");
  auto done = client.post(std::string(grant["complete_url"].as_string()), object{}, creator.access_token);
  ASSERT_EQ(done.status, 200) << done.body;
  ASSERT_TRUE(wait_until([&] { return status_of(client, creator, video) == "ready"; })) << status_of(client, creator, video);
  EXPECT_EQ(client.post(std::string(grant["complete_url"].as_string()), object{}, creator.access_token).status, 409)
      << "completed once";
  // The PUT URL is still valid for hours; what it sends now never reaches the verified source.
  const std::string other_bytes = media_dir + "/other.bin";
  write_file(other_bytes, std::string(100000, 'z'));
  curl_put(std::string(grant["url"].as_string()), other_bytes, media_dir, 0, 0, "video/mp4");
  EXPECT_EQ(store->read("videos/" + video + "/source", 0, bytes.size() + 1), bytes);

  // Parts, for a larger file: PUT each part, send the ETags.
  const std::string big = clip + ".big.mp4";
  std::filesystem::copy_file(clip, big);
  std::string padded = read_file(big);
  const std::uint64_t free_box = 11 * 1024 * 1024;
  std::string header(8, '\0');
  for (int i = 0; i < 4; ++i) header[i] = static_cast<char>((free_box >> (24 - 8 * i)) & 0xff);
  header.replace(4, 4, "free");
  padded += header + std::string(free_box - 8, 'p');
  write_file(big, padded);
  auto granted_parts = client.post("/api/uploads/presigned", object{{"size", padded.size()}}, creator.access_token);
  ASSERT_EQ(granted_parts.status, 201) << granted_parts.body;
  auto parts_grant = granted_parts.json().as_object();
  const auto& parts = parts_grant["parts"].as_array();
  const std::uint64_t part_size = parts_grant["part_size"].to_number<std::uint64_t>();
  ASSERT_EQ(parts.size(), (padded.size() + part_size - 1) / part_size);
  boost::json::array etags;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::uint64_t offset = i * part_size;
    const std::string etag = curl_put(std::string(parts[i].as_object().at("url").as_string()), big, media_dir, offset,
                                      std::min<std::uint64_t>(part_size, padded.size() - offset));
    ASSERT_NE(etag, "") << "part " << i + 1;
    etags.push_back(object{{"part_number", i + 1}, {"etag", etag}});
  }
  auto missing = client.post(std::string(parts_grant["complete_url"].as_string()), object{{"parts", boost::json::array{}}},
                             creator.access_token);
  EXPECT_EQ(missing.status, 400) << "every part's ETag is needed";
  auto completed = client.post(std::string(parts_grant["complete_url"].as_string()), object{{"parts", etags}},
                               creator.access_token);
  ASSERT_EQ(completed.status, 200) << completed.body;
  const std::string parted_video(parts_grant["video_id"].as_string());
  EXPECT_TRUE(store->read("videos/" + parted_video + "/source", 0, padded.size() + 1) == padded);
  ASSERT_TRUE(wait_until([&] { return status_of(client, creator, parted_video) == "ready"; }));

  // What is not a video, or not the declared size, is refused and removed before processing.
  const std::string junk = media_dir + "/junk.mp4";
  write_file(junk, std::string(4096, 'j'));
  auto junk_grant = client.post("/api/uploads/presigned", object{{"size", 4096}}, creator.access_token).json().as_object();
  ASSERT_NE(curl_put(std::string(junk_grant["url"].as_string()), junk, media_dir, 0, 0, "video/mp4"), "");
  auto refused = client.post(std::string(junk_grant["complete_url"].as_string()), object{}, creator.access_token);
  EXPECT_EQ(refused.status, 422) << refused.body;
  const std::string junk_video(junk_grant["video_id"].as_string());
  EXPECT_FALSE(store->stat("videos/" + junk_video + "/source")) << "nothing reached the source";
  EXPECT_TRUE(store->list_prefix("uploads/" + std::string(junk_grant["upload_id"].as_string())).empty())
      << "the refused object is removed";
  EXPECT_EQ(status_of(client, creator, junk_video), "draft");

  auto short_grant = client.post("/api/uploads/presigned", object{{"size", bytes.size() + 10}}, creator.access_token)
                         .json()
                         .as_object();
  ASSERT_NE(curl_put(std::string(short_grant["url"].as_string()), clip, media_dir, 0, 0, "video/mp4"), "");
  auto mismatch = client.post(std::string(short_grant["complete_url"].as_string()), object{}, creator.access_token);
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_NE(mismatch.body.find("declared"), std::string::npos) << mismatch.body;

  // Someone else's upload is not theirs to complete; a plain user may not upload.
  TestUser other = server.user_with_role("creator", "other");
  auto foreign = client.post("/api/uploads/presigned", object{{"size", 10}}, creator.access_token).json().as_object();
  EXPECT_EQ(client.post(std::string(foreign["complete_url"].as_string()), object{}, other.access_token).status, 404);
  TestUser viewer = server.register_user("viewer");
  EXPECT_EQ(client.post("/api/uploads/presigned", object{{"size", 10}}, viewer.access_token).status, 403);
  EXPECT_EQ(client.post("/api/uploads/presigned", object{{"size", 0}}, creator.access_token).status, 400);
}

}  // namespace
}  // namespace marquee::testing

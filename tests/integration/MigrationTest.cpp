// Moving an embedded install (SQLite + <data_dir>/blobs) to PostgreSQL + S3 with the real
// binary: `marquee migrate-database` and `marquee migrate-storage` copy everything, a second
// run copies nothing more, the verification catches a blob changed behind its back, and a
// server started on the new database and store shows and plays what the old one had.
// Needs MARQUEE_TEST_POSTGRES_URL and MARQUEE_TEST_S3_URL; runs in the SQLite pass only (the
// source is SQLite whatever the pass).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "blob/S3BlobStore.h"
#include "blob/S3Location.h"
#include "core/Crypto.h"
#include "db/Database.h"
#include "support/MediaFixtures.h"
#include "support/RunCommand.h"
#include "support/TestDatabase.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

using CliRun = CommandResult;

CliRun run_marquee(const std::string& args) {
  return run_command(std::string(MARQUEE_BINARY) + " " + args + " --log-level warn 2>/dev/null");
}

boost::json::object last_json_line(const std::string& output) {
  auto start = output.rfind("\n{");
  return boost::json::parse(output.substr(start == std::string::npos ? 0 : start + 1)).as_object();
}

// A schema of its own on the test PostgreSQL.
std::string fresh_postgres_url() {
  std::string base = std::getenv("MARQUEE_TEST_POSTGRES_URL");
  std::string schema = "mig_" + crypto::to_hex(crypto::random_bytes(6));
  db::open_database(base, {1, 1000})->execute("CREATE SCHEMA " + schema);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

TEST(Migration, an_embedded_install_moves_to_postgres_and_s3_whole_and_verified) {
  const char* pg = std::getenv("MARQUEE_TEST_POSTGRES_URL");
  const char* s3 = std::getenv("MARQUEE_TEST_S3_URL");
  if (!pg || !*pg || !s3 || !*s3) GTEST_SKIP() << "needs scripts/with-postgres and scripts/with-s3";
  if (using_postgres()) GTEST_SKIP() << "the source is SQLite: runs in the SQLite pass";

  const std::string jwt = "migration-test-jwt-secret-0123456789abc";
  const std::string playback_key = "migration-test-playback-key-0123456789";
  // The old site's data dir is ours, not the test server's: it must outlive that server.
  const std::string data_dir = make_temp_dir("marquee-embedded");
  std::string video_id;
  std::string media_dir = make_temp_dir("marquee-media");
  TestUser creator;
  {
    // The embedded install: a ready video with a like and a comment.
    TestServer old_site([&](Config& c) {
      c.data_dir = data_dir;
      c.database = "sqlite:" + data_dir + "/marquee.db";
      c.blobs = "local";
      c.jwt_secret = jwt;
      c.playback_secret = playback_key;
      c.media_preset = "ultrafast";
    });
    creator = old_site.user_with_role("creator", "maker");
    const std::string bytes = read_file(make_clip(media_dir, "clip.mp4", 320, 240, 2));
    auto r = old_site.client().request("POST", "/api/uploads", bytes,
                                       {{"Tus-Resumable", "1.0.0"},
                                        {"Authorization", "Bearer " + creator.access_token},
                                        {"Upload-Length", std::to_string(bytes.size())},
                                        {"Upload-Metadata", "filename " + crypto::base64_encode("clip.mp4")},
                                        {"Content-Type", "application/offset+octet-stream"}});
    ASSERT_EQ(r.status, 201) << r.body;
    video_id = std::string(*r.headers.get("Marquee-Video-Id"));
    for (int i = 0; i < 600; ++i) {
      if (old_site.client().get("/api/videos/" + video_id, creator.access_token).json().at("status").as_string() ==
          "ready")
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(old_site.client().post("/api/videos/" + video_id + "/like", object{}, creator.access_token).status, 200);
    ASSERT_EQ(old_site.client()
                  .post("/api/videos/" + video_id + "/comments", object{{"text", "moved with the site"}},
                        creator.access_token)
                  .status,
              201);
  }  // stopped: migrations run with the site down

  const std::string pg_url = fresh_postgres_url();
  std::string s3_url = s3;
  s3_url.insert(s3_url.find('?'), "/mig-" + crypto::to_hex(crypto::random_bytes(6)));
  const std::string embedded = "--data-dir " + data_dir + " --database sqlite:" + data_dir + "/marquee.db";

  CliRun db_run = run_marquee("migrate-database " + embedded + " --to '" + pg_url + "'");
  ASSERT_EQ(db_run.exit_code, 0) << db_run.output;
  auto db_report = last_json_line(db_run.output);
  EXPECT_TRUE(db_report["ok"].as_bool());
  EXPECT_GT(db_report["rows_copied"].as_int64(), 5);
  CliRun db_again = run_marquee("migrate-database " + embedded + " --to '" + pg_url + "'");
  ASSERT_EQ(db_again.exit_code, 0) << db_again.output;
  EXPECT_EQ(last_json_line(db_again.output)["rows_copied"].as_int64(), 0) << "a second run copies nothing more";

  CliRun blob_run = run_marquee("migrate-storage " + embedded + " --to '" + s3_url + "'");
  ASSERT_EQ(blob_run.exit_code, 0) << blob_run.output;
  auto blob_report = last_json_line(blob_run.output);
  EXPECT_TRUE(blob_report["ok"].as_bool());
  EXPECT_GT(blob_report["copied"].as_int64(), 5) << "source, playlists, segments, images";
  EXPECT_EQ(blob_report["verified"].as_int64(), blob_report["objects"].as_int64());
  CliRun blob_again = run_marquee("migrate-storage " + embedded + " --to '" + s3_url + "'");
  EXPECT_EQ(last_json_line(blob_again.output)["copied"].as_int64(), 0);

  // A blob changed in the destination (same size, other bytes) is found and copied again.
  blob::S3BlobStore destination(blob::parse_s3_location(s3_url));
  auto poster = destination.stat("videos/" + video_id + "/thumbs/poster.jpg");
  ASSERT_TRUE(poster);
  destination.put_bytes(poster->key, std::string(poster->size, 'x'));
  CliRun repaired = run_marquee("migrate-storage " + embedded + " --to '" + s3_url + "'");
  EXPECT_EQ(repaired.exit_code, 0) << repaired.output;
  EXPECT_EQ(last_json_line(repaired.output)["copied"].as_int64(), 1) << "only the damaged blob";
  EXPECT_EQ(destination.read(poster->key, 0, poster->size + 1),
            read_file(data_dir + "/blobs/videos/" + video_id + "/thumbs/poster.jpg"));

  // The new site: the same video, its like and comment, and its media from the store.
  TestServer new_site([&](Config& c) {
    c.database = pg_url;
    c.blobs = s3_url;
    c.jwt_secret = jwt;
    c.playback_secret = playback_key;
  });
  auto video = new_site.client().get("/api/videos/" + video_id).json().as_object();
  EXPECT_EQ(video["status"].as_string(), "ready");
  EXPECT_EQ(video["likes_count"].as_int64(), 1);
  EXPECT_EQ(video["comments_count"].as_int64(), 1);
  EXPECT_EQ(video["title"].as_string(), "clip") << "named after the uploaded file";
  auto found = new_site.client().get("/api/search?q=clip").json();
  ASSERT_FALSE(found.at("items").as_array().empty()) << "the destination indexed what it received";
  EXPECT_EQ(found.at("items").as_array()[0].at("id").as_string(), video_id);
  auto signed_in = new_site.client().get("/api/me", creator.access_token);
  EXPECT_EQ(signed_in.status, 200) << "sessions moved too: " << signed_in.body;
  const std::string master = "http://127.0.0.1:" + std::to_string(new_site.client().port()) + "/media/videos/" +
                             video_id + "/hls/master.m3u8";
  EXPECT_EQ(std::system(("ffmpeg -v error -i '" + master + "' -f null - >/dev/null 2>&1").c_str()), 0);
  std::filesystem::remove_all(media_dir);
  std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace marquee::testing

// Byte ranges and conditional requests as players and CDNs send them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http/FileResponse.h"

namespace marquee::http {
namespace {

TEST(ByteRanges, parses_the_forms_players_send) {
  ByteRange r;
  EXPECT_EQ(parse_range("bytes=0-99", 1000, r), RangeResult::satisfiable);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.length, 100u);
  EXPECT_EQ(parse_range("bytes=900-", 1000, r), RangeResult::satisfiable);
  EXPECT_EQ(r.length, 100u);
  EXPECT_EQ(parse_range("bytes=-10", 1000, r), RangeResult::satisfiable);
  EXPECT_EQ(r.first, 990u);
  EXPECT_EQ(parse_range("bytes=990-5000", 1000, r), RangeResult::satisfiable);
  EXPECT_EQ(r.length, 10u);
  EXPECT_EQ(parse_range("bytes=1000-", 1000, r), RangeResult::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 1000, r), RangeResult::unsatisfiable);
  for (const char* junk : {"bytes=5-1", "bytes=a-b", "items=0-1", "bytes=0-1,5-6", "bytes=", "bytes=--1",
                           "bytes=99999999999999999999999-"}) {
    EXPECT_EQ(parse_range(junk, 1000, r), RangeResult::none) << junk;
  }
}

struct FileFixture : ::testing::Test {
  FileFixture() {
    path = (std::filesystem::temp_directory_path() / ("marquee-file-" + std::to_string(::getpid()))).string();
    std::ofstream(path) << std::string(1000, 'x');
    facts = *stat_file(path);
  }
  ~FileFixture() override { std::filesystem::remove(path); }
  Response serve(std::vector<std::pair<std::string, std::string>> headers) {
    Request req;
    for (auto& [k, v] : headers) req.headers.add(k, v);
    return file_response(req, facts, "video/iso.segment", "public, max-age=31536000, immutable");
  }
  std::string path;
  FileFacts facts;
};

TEST_F(FileFixture, whole_file_with_validators) {
  auto r = serve({});
  EXPECT_EQ(r.status, 200);
  ASSERT_TRUE(r.file);
  EXPECT_EQ(r.file->length, 1000u);
  EXPECT_EQ(*r.headers.get("ETag"), facts.etag);
  EXPECT_TRUE(r.headers.has("Last-Modified"));
  EXPECT_EQ(*r.headers.get("Accept-Ranges"), "bytes");
}

TEST_F(FileFixture, range_gives_206_with_content_range) {
  auto r = serve({{"Range", "bytes=100-199"}});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(*r.headers.get("Content-Range"), "bytes 100-199/1000");
  EXPECT_EQ(r.file->offset, 100u);
  EXPECT_EQ(r.file->length, 100u);
  auto bad = serve({{"Range", "bytes=5000-"}});
  EXPECT_EQ(bad.status, 416);
  EXPECT_EQ(*bad.headers.get("Content-Range"), "bytes */1000");
}

TEST_F(FileFixture, conditional_requests_get_304) {
  EXPECT_EQ(serve({{"If-None-Match", facts.etag}}).status, 304);
  EXPECT_EQ(serve({{"If-None-Match", "\"other\", " + facts.etag}}).status, 304);
  EXPECT_EQ(serve({{"If-None-Match", "\"other\""}}).status, 200);
  EXPECT_EQ(serve({{"If-Modified-Since", http_date(facts.modified_ms + 5000)}}).status, 304);
  EXPECT_EQ(serve({{"If-Modified-Since", http_date(facts.modified_ms - 5000)}}).status, 200);
  EXPECT_EQ(serve({{"If-Range", "\"stale\""}, {"Range", "bytes=0-9"}}).status, 200);
}

}  // namespace
}  // namespace marquee::http

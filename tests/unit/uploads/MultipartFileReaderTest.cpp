// The file part of a form, fed in every possible chunking, and forms that are hostile.
#include <gtest/gtest.h>

#include "uploads/MultipartFileReader.h"
#include "uploads/UploadMetadata.h"
#include "core/Error.h"

namespace marquee::uploads {
namespace {

const std::string kBoundary = "----marqueeXYZ";

std::string form(const std::string& file_bytes) {
  return "preamble to ignore\r\n--" + kBoundary +
         "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy title\r\n--" + kBoundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n" +
         file_bytes + "\r\n--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nx\r\n--" +
         kBoundary + "--\r\n";
}

struct Result {
  std::string file;
  bool ok = true;
  bool complete = false;
  std::string filename;
};

Result feed_in_chunks(const std::string& body, std::size_t chunk) {
  Result r;
  MultipartFileReader reader(kBoundary, [&](std::string_view b) {
    r.file.append(b);
    return true;
  });
  for (std::size_t i = 0; i < body.size() && r.ok; i += chunk) r.ok = reader.feed(std::string_view(body).substr(i, chunk));
  r.complete = reader.file_complete();
  r.filename = reader.filename();
  EXPECT_EQ(reader.file_bytes(), r.file.size());
  return r;
}

TEST(MultipartFileReader, extracts_the_file_whatever_the_chunking) {
  // Bytes that look like a delimiter's start inside the file must survive.
  std::string file = "\r\n--" + kBoundary.substr(0, 5) + "binary\0\xff data\r\n-" + std::string(3000, 'z');
  std::string body = form(file);
  for (std::size_t chunk : {1, 2, 3, 7, 16, 64, 1000, 100000}) {
    auto r = feed_in_chunks(body, chunk);
    EXPECT_TRUE(r.ok) << chunk;
    EXPECT_TRUE(r.complete) << chunk;
    EXPECT_EQ(r.file, file) << chunk;
    EXPECT_EQ(r.filename, "clip.mp4");
  }
}

TEST(MultipartFileReader, empty_file_and_missing_file) {
  auto empty = feed_in_chunks(form(""), 5);
  EXPECT_TRUE(empty.complete);
  EXPECT_EQ(empty.file, "");
  std::string no_file = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--" + kBoundary + "--";
  auto r = feed_in_chunks(no_file, 4);
  EXPECT_FALSE(r.complete);
}

TEST(MultipartFileReader, truncated_and_malformed_forms_are_not_complete) {
  std::string body = form(std::string(1000, 'a'));
  auto truncated = feed_in_chunks(body.substr(0, body.size() / 2), 10);
  EXPECT_FALSE(truncated.complete);
  std::string bad = "--" + kBoundary + "XX garbage";
  auto r = feed_in_chunks(bad + std::string(100, 'q'), 7);
  EXPECT_FALSE(r.complete);
  std::string huge_headers = "--" + kBoundary + "\r\nX: " + std::string(20000, 'h');
  auto h = feed_in_chunks(huge_headers, 1000);
  EXPECT_FALSE(h.ok);
}

TEST(MultipartBoundary, reads_the_content_type) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("video/mp4; boundary=abc"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST(UploadMetadata, parses_pairs_and_refuses_hostile_headers) {
  auto m = parse_upload_metadata("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential");
  EXPECT_EQ(m.at("filename"), "world_domination_plan.pdf");
  EXPECT_EQ(m.at("is_confidential"), "");
  EXPECT_TRUE(parse_upload_metadata("").empty());
  for (std::string bad : {",", "a b c", "a !!!", "a YQ==,a YQ==", "a\x01 YQ==", ",a YQ=="}) {
    EXPECT_THROW(parse_upload_metadata(bad), Error) << bad;
  }
  std::string many;
  for (int i = 0; i < 70; ++i) many += (i ? "," : "") + std::string("k") + std::to_string(i);
  EXPECT_THROW(parse_upload_metadata(many), Error);
  EXPECT_THROW(parse_upload_metadata(std::string(17000, 'a')), Error);
  EXPECT_EQ(parse_upload_metadata(format_upload_metadata({{"title", "Ünïcode ✓"}})).at("title"), "Ünïcode ✓");
}

}  // namespace
}  // namespace marquee::uploads

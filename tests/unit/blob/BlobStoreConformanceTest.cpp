// One conformance suite for the BlobStore contract, run against every entry of
// blob_backends(): the local filesystem store, the same store behind BlobStoreWrapper
// (which proves the decorator base forwards every call), and the S3 store against a real
// S3 server on loopback (s3rver; scripts/with-s3 sets MARQUEE_TEST_S3_URL, and the S3 runs
// skip without it). Each S3 test gets its own key prefix in the bucket. A new backend is
// one line there.
// After it, local-only tests for what only a filesystem can show: temp files, crash
// leftovers, symlinks, write failures.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "blob/BlobStore.h"
#include "blob/LocalBlobStore.h"
#include "blob/S3BlobStore.h"
#include "blob/S3Location.h"
#include "core/Crypto.h"
#include "core/Clock.h"
#include "core/Error.h"
#include "support/TestDatabase.h"

namespace marquee::blob {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMiB = 1024 * 1024;

// Owns the store it forwards to; the holder base is built before BlobStoreWrapper.
struct OwnedTarget {
  std::unique_ptr<BlobStore> target;
};
class OwningWrapper : private OwnedTarget, public BlobStoreWrapper {
 public:
  explicit OwningWrapper(std::unique_ptr<BlobStore> target)
      : OwnedTarget{std::move(target)}, BlobStoreWrapper(*OwnedTarget::target) {}
};

struct BlobBackend {
  std::string name;
  // Opens an empty store that may keep its files under scratch_dir; nullptr when the
  // backend's server is not available here (the test is skipped).
  std::function<std::unique_ptr<BlobStore>(const std::string& scratch_dir)> open;
  // Whether the server commits each write whole, as S3, R2 and MinIO do. s3rver writes an
  // object in place (fs.createWriteStream on the final path), so a reader or a second writer
  // racing it sees a partial object: that is the test server's shortcut, not the client's.
  bool atomic_overwrites = true;
};

std::optional<std::string> s3_test_url() {
  const char* url = std::getenv("MARQUEE_TEST_S3_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

// An S3 store under a fresh prefix of the test bucket, so no test sees another's keys.
std::unique_ptr<S3BlobStore> open_test_s3_store(S3BlobStoreOptions options = {}) {
  auto url = s3_test_url();
  if (!url) return nullptr;
  std::string with_prefix = *url;
  with_prefix.insert(with_prefix.find('?'), "/t-" + crypto::to_hex(crypto::random_bytes(6)));
  return std::make_unique<S3BlobStore>(parse_s3_location(with_prefix), options);
}

void PrintTo(const BlobBackend& backend, std::ostream* out) { *out << backend.name; }

std::vector<BlobBackend> blob_backends() {
  return {
      {"local", [](const std::string& dir) { return std::make_unique<LocalBlobStore>(dir + "/store"); }},
      {"local_wrapped",
       [](const std::string& dir) {
         return std::make_unique<OwningWrapper>(std::make_unique<LocalBlobStore>(dir + "/store"));
       }},
      {"s3", [](const std::string&) -> std::unique_ptr<BlobStore> { return open_test_s3_store(); }, false},
  };
}

std::string read_local_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_local_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Deterministic bytes that no chunking or offset mistake can reproduce by accident.
class PseudoRandomBytes {
 public:
  explicit PseudoRandomBytes(std::uint64_t seed) : state_(seed) {}
  void fill(char* out, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      if (available_ == 0) {
        word_ = next();
        available_ = 8;
      }
      out[i] = static_cast<char>(word_ & 0xff);
      word_ >>= 8;
      --available_;
    }
  }
  std::string take(std::size_t size) {
    std::string bytes(size, '\0');
    fill(bytes.data(), size);
    return bytes;
  }

 private:
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
  std::uint64_t word_ = 0;
  int available_ = 0;
};

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(context_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes) { EVP_DigestUpdate(context_, bytes.data(), bytes.size()); }
  std::string hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_, digest, &length);
    std::ostringstream hex;
    for (unsigned int i = 0; i < length; ++i) {
      hex << "0123456789abcdef"[digest[i] >> 4] << "0123456789abcdef"[digest[i] & 0xf];
    }
    return hex.str();
  }

 private:
  EVP_MD_CTX* context_;
};

std::optional<ErrorCode> error_code_of(const std::function<void()>& operation) {
  try {
    operation();
  } catch (const Error& error) {
    return error.code();
  }
  return std::nullopt;
}

// Peak resident memory since the last reset, where the kernel lets us reset it.
class PeakMemory {
 public:
  static bool reset() {
    std::ofstream clear_refs("/proc/self/clear_refs");
    clear_refs << "5";
    clear_refs.flush();
    return static_cast<bool>(clear_refs);
  }
  static std::uint64_t status_kib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind(field + ":", 0) == 0) return std::stoull(line.substr(field.size() + 1));
    }
    return 0;
  }
};

std::vector<std::string> hostile_keys() {
  return {
      "",
      "../x",
      "/abs",
      "a//b",
      "a/./b",
      "a/../b",
      "a\\b",
      std::string("a\0b", 3),
      std::string(2048, 'k'),
      "vid\xc3\xa9o/source",
      "a\xe2\x80\x8b" "b",
      "a/",
      "/",
      ".",
      "..",
      ".tmp/put-0123",
      "videos/.hidden",
      "a b",
      "a\nb",
      std::string(256, 's') + "/x",
  };
}

class BlobStoreConformanceTest : public ::testing::TestWithParam<BlobBackend> {
 protected:
  void SetUp() override {
    scratch_ = marquee::testing::make_temp_dir("marquee-blob");
    store_ = GetParam().open(scratch_);
    if (!store_) GTEST_SKIP() << GetParam().name << ": no test server (run under scripts/with-s3)";
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    fs::remove_all(scratch_, ignored);
  }

  std::vector<std::string> keys_under(const std::string& prefix) {
    std::vector<std::string> keys;
    for (const BlobInfo& info : store_->list_prefix(prefix)) keys.push_back(info.key);
    return keys;
  }

  std::string scratch_;
  std::unique_ptr<BlobStore> store_;
};

TEST_P(BlobStoreConformanceTest, put_bytes_round_trips_binary_and_empty_content) {
  const std::string binary = std::string("\0\x01\xff\n\r", 5) + PseudoRandomBytes(1).take(100'000);
  store_->put_bytes("videos/v1/source", binary);
  store_->put_bytes("videos/v1/thumbs/empty.jpg", "");

  EXPECT_EQ(store_->read("videos/v1/source", 0, binary.size()), binary);
  EXPECT_EQ(store_->read("videos/v1/thumbs/empty.jpg", 0, 100), "");
  ASSERT_TRUE(store_->stat("videos/v1/thumbs/empty.jpg"));
  EXPECT_EQ(store_->stat("videos/v1/thumbs/empty.jpg")->size, 0u);
  EXPECT_EQ(store_->stat("videos/v1/source")->size, binary.size());
}

TEST_P(BlobStoreConformanceTest, put_file_copies_the_file_and_leaves_it_in_place) {
  const std::string content = PseudoRandomBytes(2).take(3 * kMiB + 17);
  const std::string local = scratch_ + "/upload.bin";
  write_local_file(local, content);

  store_->put_file("videos/v2/source", local);

  EXPECT_EQ(read_local_file(local), content);
  EXPECT_EQ(store_->read("videos/v2/source", 0, content.size()), content);
}

TEST_P(BlobStoreConformanceTest, move_file_stores_the_file_and_consumes_it) {
  const std::string content = PseudoRandomBytes(7).take(2 * kMiB + 5);
  const std::string local = scratch_ + "/finished-upload.bin";
  write_local_file(local, content);
  store_->put_bytes("videos/v3/source", "old");

  store_->move_file("videos/v3/source", local);

  EXPECT_FALSE(std::filesystem::exists(local));
  EXPECT_EQ(store_->read("videos/v3/source", 0, content.size()), content);
  EXPECT_EQ(store_->stat("videos/v3/source")->size, content.size());
  // A file that is not there fails cleanly and changes nothing.
  EXPECT_THROW(store_->move_file("videos/v3/source", scratch_ + "/missing"), Error);
  EXPECT_EQ(store_->read("videos/v3/source", 0, content.size()), content);
}

TEST_P(BlobStoreConformanceTest, put_stream_round_trips_chunks_of_any_size) {
  const std::string content = PseudoRandomBytes(3).take(1'000'003);
  std::size_t position = 0;
  std::size_t pulls = 0;
  store_->put_stream("videos/v3/hls/720p/seg_00001.ts", [&](std::span<char> buffer) {
    ++pulls;
    const std::size_t n = std::min({buffer.size(), content.size() - position, std::size_t{1 + pulls * 997 % 65'536}});
    std::copy_n(content.data() + position, n, buffer.data());
    position += n;
    return n;
  });

  EXPECT_GT(pulls, 2u);
  EXPECT_EQ(store_->read("videos/v3/hls/720p/seg_00001.ts", 0, 2 * kMiB), content);
}

TEST_P(BlobStoreConformanceTest, put_stream_of_50_mb_is_pulled_in_bounded_chunks_and_reads_back_identical) {
  constexpr std::uint64_t total = 50 * kMiB;
  constexpr std::size_t chunk = 65'521;
  PseudoRandomBytes generator(50);
  Sha256 written;
  std::uint64_t produced = 0;
  std::size_t largest_buffer = 0;

  const bool can_measure_peak = PeakMemory::reset();
  const std::uint64_t resident_before_kib = PeakMemory::status_kib("VmRSS");
  store_->put_stream("videos/big/source", [&](std::span<char> buffer) {
    largest_buffer = std::max(largest_buffer, buffer.size());
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>({buffer.size(), chunk, total - produced}));
    generator.fill(buffer.data(), n);
    written.update(std::string_view(buffer.data(), n));
    produced += n;
    return n;
  });
  const std::uint64_t peak_kib = PeakMemory::status_kib("VmHWM");

  EXPECT_LT(largest_buffer, total / 2) << "the store asked for the stream in one piece";
  if (can_measure_peak) {
    EXPECT_LT(peak_kib - std::min(peak_kib, resident_before_kib), 24 * 1024u)
        << "resident memory grew by the stream's size: the store buffered it whole";
  }
  ASSERT_TRUE(store_->stat("videos/big/source"));
  EXPECT_EQ(store_->stat("videos/big/source")->size, total);

  Sha256 read_back;
  for (std::uint64_t offset = 0; offset < total; offset += 4 * kMiB) {
    read_back.update(store_->read("videos/big/source", offset, 4 * kMiB));
  }
  EXPECT_EQ(read_back.hex_digest(), written.hex_digest());
}

TEST_P(BlobStoreConformanceTest, get_to_file_writes_the_blob_and_replaces_an_existing_file) {
  const std::string content = PseudoRandomBytes(4).take(2 * kMiB + 5);
  store_->put_bytes("videos/v4/source", content);
  const std::string destination = scratch_ + "/work-source";
  write_local_file(destination, "stale content that is longer than nothing");

  store_->get_to_file("videos/v4/source", destination);

  EXPECT_EQ(read_local_file(destination), content);
  std::vector<std::string> leftovers;
  for (const auto& entry : fs::directory_iterator(scratch_)) {
    if (entry.path().filename().string().find(".part") != std::string::npos) leftovers.push_back(entry.path());
  }
  EXPECT_TRUE(leftovers.empty());
}

TEST_P(BlobStoreConformanceTest, range_reads_return_the_middle_and_clamp_at_the_end) {
  const std::string content = PseudoRandomBytes(5).take(10'000);
  store_->put_bytes("videos/v5/source", content);

  EXPECT_EQ(store_->read("videos/v5/source", 1'000, 2'500), content.substr(1'000, 2'500));
  EXPECT_EQ(store_->read("videos/v5/source", 9'000, 5'000), content.substr(9'000));
  EXPECT_EQ(store_->read("videos/v5/source", 9'999, UINT64_MAX), content.substr(9'999));
  EXPECT_EQ(store_->read("videos/v5/source", 0, UINT64_MAX), content);
  EXPECT_EQ(store_->read("videos/v5/source", 10'000, 10), "");
  EXPECT_EQ(store_->read("videos/v5/source", 50'000, 10), "");
  EXPECT_EQ(store_->read("videos/v5/source", UINT64_MAX, UINT64_MAX), "");
  EXPECT_EQ(store_->read("videos/v5/source", 100, 0), "");
}

TEST_P(BlobStoreConformanceTest, stat_reports_size_time_and_an_etag_that_changes_with_the_content) {
  const Millis before = wall_clock_ms();
  store_->put_bytes("videos/v6/source", "hello world!");
  const Millis after = wall_clock_ms();

  const std::optional<BlobInfo> first = store_->stat("videos/v6/source");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->key, "videos/v6/source");
  EXPECT_EQ(first->size, 12u);
  EXPECT_GE(first->modified_ms, before - 5 * 60'000);
  EXPECT_LE(first->modified_ms, after + 5 * 60'000);
  EXPECT_FALSE(first->etag.empty());
  EXPECT_EQ(store_->stat("videos/v6/source"), first) << "stat is stable while nothing changes";

  store_->put_bytes("videos/v6/source", "HELLO WORLD!");
  const std::optional<BlobInfo> same_size = store_->stat("videos/v6/source");
  ASSERT_TRUE(same_size);
  EXPECT_EQ(same_size->size, 12u);
  EXPECT_NE(same_size->etag, first->etag) << "same size, different bytes, written immediately after";

  store_->put_bytes("videos/v6/source", "a longer replacement");
  const std::optional<BlobInfo> longer = store_->stat("videos/v6/source");
  ASSERT_TRUE(longer);
  EXPECT_EQ(longer->size, 20u);
  EXPECT_NE(longer->etag, same_size->etag);
  EXPECT_NE(longer->etag, first->etag);

  const std::vector<BlobInfo> listed = store_->list_prefix("videos/v6");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0], *longer) << "list_prefix reports what stat reports";
}

TEST_P(BlobStoreConformanceTest, rapid_same_size_overwrites_each_get_a_new_etag) {
  std::vector<std::string> etags;
  for (int version = 0; version < 30; ++version) {
    char content[32];
    std::snprintf(content, sizeof content, "segment version %04d", version);
    store_->put_bytes("videos/v12/hls/index.m3u8", content);
    etags.push_back(store_->stat("videos/v12/hls/index.m3u8").value().etag);
  }
  std::sort(etags.begin(), etags.end());
  EXPECT_EQ(std::adjacent_find(etags.begin(), etags.end()), etags.end()) << "two different contents shared an etag";
}

// A local directory tree, relative path → content.
using LocalTree = std::map<std::string, std::string>;

void write_local_tree(const std::string& dir, const LocalTree& tree) {
  for (const auto& [path, content] : tree) {
    fs::create_directories(fs::path(dir + "/" + path).parent_path());
    write_local_file(dir + "/" + path, content);
  }
}

// What the store holds under prefix, as relative path → content.
LocalTree stored_tree(BlobStore& store, const std::string& prefix) {
  LocalTree tree;
  for (const BlobInfo& info : store.list_prefix(prefix)) {
    tree[info.key.substr(prefix.size() + 1)] = store.read(info.key, 0, info.size + 1);
  }
  return tree;
}

TEST_P(BlobStoreConformanceTest, move_tree_replaces_the_prefix_with_the_tree_and_consumes_it) {
  const LocalTree old_tree{{"master.m3u8", "old master"}, {"720p/seg_00000.m4s", "old seg"}, {"720p/stale.m4s", "stale"}};
  for (const auto& [path, content] : old_tree) store_->put_bytes("videos/v9/hls/" + path, content);
  store_->put_bytes("videos/v9/source", "the source");
  const auto old_etag = store_->stat("videos/v9/hls/720p/seg_00000.m4s")->etag;

  const LocalTree new_tree{{"master.m3u8", "new master"},
                           {"720p/index.m3u8", "new playlist"},
                           {"720p/seg_00000.m4s", PseudoRandomBytes(9).take(300'000)},
                           {"audio/seg_00000.m4s", ""}};
  const std::string local = scratch_ + "/work-hls";
  write_local_tree(local, new_tree);

  store_->move_tree("videos/v9/hls", local, [](std::string_view path) { return path.ends_with(".m3u8"); });

  EXPECT_FALSE(fs::exists(local));
  EXPECT_EQ(stored_tree(*store_, "videos/v9/hls"), new_tree) << "exactly the new files, the stale one gone";
  EXPECT_EQ(store_->read("videos/v9/source", 0, 100), "the source") << "keys beside the prefix are untouched";
  EXPECT_NE(store_->stat("videos/v9/hls/720p/seg_00000.m4s")->etag, old_etag);

  // Into an empty prefix as well.
  write_local_tree(local, {{"poster.jpg", "jpeg"}});
  store_->move_tree("videos/v9/thumbs", local);
  EXPECT_EQ(stored_tree(*store_, "videos/v9/thumbs"), (LocalTree{{"poster.jpg", "jpeg"}}));
}

TEST_P(BlobStoreConformanceTest, move_tree_with_a_name_that_is_no_key_changes_nothing) {
  store_->put_bytes("videos/v10/hls/master.m3u8", "old");
  const std::string local = scratch_ + "/work-bad";
  write_local_tree(local, {{"master.m3u8", "new"}, {".poster_001.jpg", "a leftover candidate"}});

  try {
    store_->move_tree("videos/v10/hls", local);
    ADD_FAILURE() << "a hidden file name must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  }
  EXPECT_EQ(stored_tree(*store_, "videos/v10/hls"), (LocalTree{{"master.m3u8", "old"}}));
  EXPECT_TRUE(fs::exists(local + "/master.m3u8"));
  EXPECT_THROW(store_->move_tree("videos/v10/hls", scratch_ + "/missing"), Error);
  EXPECT_EQ(stored_tree(*store_, "videos/v10/hls"), (LocalTree{{"master.m3u8", "old"}}));
}

TEST_P(BlobStoreConformanceTest, readers_never_see_a_mix_while_a_key_is_overwritten) {
  if (!GetParam().atomic_overwrites) GTEST_SKIP() << "the test server writes objects in place";
  const std::string all_a(4 * kMiB, 'A');
  const std::string all_b(4 * kMiB, 'B');
  const std::string key = "videos/v7/hls/master.m3u8";
  store_->put_bytes(key, all_a);

  std::atomic<bool> writer_done{false};
  std::atomic<int> reads{0};
  std::atomic<int> torn_reads{0};
  std::atomic<int> failed_reads{0};
  std::thread reader([&] {
    while (!writer_done.load()) {
      try {
        const std::string got = store_->read(key, 0, 8 * kMiB);
        if (got != all_a && got != all_b) ++torn_reads;
      } catch (const Error&) {
        ++failed_reads;
      }
      ++reads;
    }
  });
  for (int write = 0; write < 20 || (reads.load() < 20 && write < 400); ++write) {
    store_->put_bytes(key, write % 2 == 0 ? all_b : all_a);
  }
  writer_done = true;
  reader.join();

  EXPECT_GE(reads.load(), 1);
  EXPECT_EQ(torn_reads.load(), 0);
  EXPECT_EQ(failed_reads.load(), 0) << "the key must never be missing during an overwrite";
}

TEST_P(BlobStoreConformanceTest, concurrent_writers_to_one_key_leave_one_whole_value) {
  if (!GetParam().atomic_overwrites) GTEST_SKIP() << "the test server writes objects in place";
  const std::string first = PseudoRandomBytes(8).take(kMiB);
  const std::string second = PseudoRandomBytes(9).take(kMiB + 1);
  const std::string key = "videos/v8/source";
  auto write_repeatedly = [&](const std::string& content) {
    for (int i = 0; i < 10; ++i) store_->put_bytes(key, content);
  };
  std::thread one(write_repeatedly, std::cref(first));
  std::thread two(write_repeatedly, std::cref(second));
  one.join();
  two.join();

  const std::string final_value = store_->read(key, 0, 2 * kMiB);
  EXPECT_TRUE(final_value == first || final_value == second);
  EXPECT_EQ(keys_under(""), std::vector<std::string>{key});
}

TEST_P(BlobStoreConformanceTest, remove_is_idempotent) {
  store_->put_bytes("videos/v9/source", "bytes");
  store_->put_bytes("videos/v9/thumbs/0.jpg", "thumb");

  store_->remove("videos/v9/source");
  EXPECT_FALSE(store_->stat("videos/v9/source"));
  EXPECT_NO_THROW(store_->remove("videos/v9/source"));
  EXPECT_NO_THROW(store_->remove("videos/never/existed"));
  EXPECT_NO_THROW(store_->remove("videos/v9")) << "a prefix is not a blob; removing it as a key does nothing";
  EXPECT_EQ(keys_under("videos/v9"), std::vector<std::string>{"videos/v9/thumbs/0.jpg"});
}

TEST_P(BlobStoreConformanceTest, remove_prefix_removes_only_whole_segment_matches) {
  for (const char* key : {"videos/a/source", "videos/a/hls/720p/seg_00001.ts", "videos/a/hls/index.m3u8",
                          "videos/ab/source", "videos/a-b/source", "videos/a.b/source"}) {
    store_->put_bytes(key, key);
  }

  EXPECT_EQ(store_->remove_prefix("videos/a"), 3u);

  EXPECT_EQ(keys_under("videos/a"), std::vector<std::string>{});
  EXPECT_EQ(keys_under("videos"),
            (std::vector<std::string>{"videos/a-b/source", "videos/a.b/source", "videos/ab/source"}));
  EXPECT_EQ(store_->read("videos/ab/source", 0, 100), "videos/ab/source");
  EXPECT_EQ(store_->remove_prefix("videos/a"), 0u) << "removing again finds nothing";
  EXPECT_EQ(store_->remove_prefix("videos/ab/source"), 1u) << "a prefix may name one blob";
  EXPECT_EQ(store_->remove_prefix("nothing/here"), 0u);
  EXPECT_EQ(error_code_of([&] { store_->remove_prefix(""); }), ErrorCode::validation_failed);
  EXPECT_EQ(keys_under(""), (std::vector<std::string>{"videos/a-b/source", "videos/a.b/source"}));
}

TEST_P(BlobStoreConformanceTest, list_prefix_returns_covered_blobs_sorted_bytewise) {
  const std::vector<std::string> keys = {"videos/v10/thumbs/10.jpg", "videos/v10/hls/480p/seg_2.ts",
                                         "videos/v10/source",        "videos/v10/hls/1080p/seg_1.ts",
                                         "videos/v10/hls/480p/seg_10.ts", "videos/v10/hls/index.m3u8",
                                         "videos/v10/hls-old/x",     "videos/v100/source",
                                         "videos/v10-b/source",      "videos/V10/source"};
  for (const std::string& key : keys) store_->put_bytes(key, key);

  const std::vector<BlobInfo> listed = store_->list_prefix("videos/v10");
  std::vector<std::string> listed_keys;
  for (const BlobInfo& info : listed) {
    listed_keys.push_back(info.key);
    EXPECT_EQ(info.size, info.key.size());
    EXPECT_FALSE(info.etag.empty());
  }
  EXPECT_EQ(listed_keys, (std::vector<std::string>{"videos/v10/hls-old/x", "videos/v10/hls/1080p/seg_1.ts",
                                                   "videos/v10/hls/480p/seg_10.ts", "videos/v10/hls/480p/seg_2.ts",
                                                   "videos/v10/hls/index.m3u8", "videos/v10/source",
                                                   "videos/v10/thumbs/10.jpg"}));

  std::vector<std::string> everything = keys;
  std::sort(everything.begin(), everything.end());
  EXPECT_EQ(keys_under(""), everything);
  EXPECT_EQ(keys_under("videos/v10/source"), std::vector<std::string>{"videos/v10/source"});
  EXPECT_EQ(keys_under("videos/v1"), std::vector<std::string>{});
  EXPECT_EQ(keys_under("videos/v10/source/deeper"), std::vector<std::string>{});
}

TEST_P(BlobStoreConformanceTest, hostile_keys_are_rejected_by_every_operation_without_touching_storage) {
  const std::string local = scratch_ + "/local-file";
  write_local_file(local, "payload");
  for (const std::string& key : hostile_keys()) {
    SCOPED_TRACE(::testing::PrintToString(key.substr(0, 40)));
    const std::vector<std::pair<const char*, std::function<void()>>> operations = {
        {"put_bytes", [&] { store_->put_bytes(key, "x"); }},
        {"put_file", [&] { store_->put_file(key, local); }},
        {"put_stream", [&] { store_->put_stream(key, [](std::span<char>) { return std::size_t{0}; }); }},
        {"stat", [&] { store_->stat(key); }},
        {"read", [&] { store_->read(key, 0, 10); }},
        {"get_to_file", [&] { store_->get_to_file(key, scratch_ + "/out"); }},
        {"local_path", [&] { store_->local_path(key); }},
        {"remove", [&] { store_->remove(key); }},
        {"remove_prefix", [&] { store_->remove_prefix(key); }},
        {"list_prefix", [&] { store_->list_prefix(key); }},
    };
    for (const auto& [name, operation] : operations) {
      if (key.empty() && std::string_view(name) == "list_prefix") continue;
      EXPECT_EQ(error_code_of(operation), ErrorCode::validation_failed) << name;
    }
  }
  EXPECT_EQ(keys_under(""), std::vector<std::string>{});
  EXPECT_FALSE(fs::exists(scratch_ + "/x")) << "../x escaped the store";
  EXPECT_FALSE(fs::exists(scratch_ + "/out"));
  EXPECT_EQ(read_local_file(local), "payload");
}

TEST_P(BlobStoreConformanceTest, missing_blobs_are_not_found) {
  store_->put_bytes("videos/v11/hls/index.m3u8", "#EXTM3U");
  const std::string destination = scratch_ + "/never-written";

  EXPECT_FALSE(store_->stat("videos/missing/source"));
  EXPECT_FALSE(store_->stat("videos/v11/hls")) << "a prefix is not a blob";
  EXPECT_FALSE(store_->stat("videos/v11/hls/index.m3u8/child"));
  EXPECT_EQ(error_code_of([&] { store_->read("videos/missing/source", 0, 1); }), ErrorCode::not_found);
  EXPECT_EQ(error_code_of([&] { store_->read("videos/v11/hls", 0, 1); }), ErrorCode::not_found);
  EXPECT_EQ(error_code_of([&] { store_->get_to_file("videos/missing/source", destination); }), ErrorCode::not_found);
  EXPECT_FALSE(fs::exists(destination));
}

INSTANTIATE_TEST_SUITE_P(Backends, BlobStoreConformanceTest, ::testing::ValuesIn(blob_backends()),
                         [](const ::testing::TestParamInfo<BlobBackend>& info) { return info.param.name; });

TEST(BlobKeyTest, accepts_layout_keys_and_the_longest_allowed_shapes) {
  EXPECT_TRUE(is_valid_blob_key("videos/AbC-12_x.y/hls/720p/seg_00001.ts"));
  EXPECT_TRUE(is_valid_blob_key("-leading-dash/_underscore"));
  EXPECT_TRUE(is_valid_blob_key(std::string(255, 's')));
  std::string longest;
  while (longest.size() + 101 <= kMaxBlobKeyBytes) longest += std::string(100, 'k') + "/";
  longest += std::string(kMaxBlobKeyBytes - longest.size(), 'z');
  ASSERT_EQ(longest.size(), kMaxBlobKeyBytes);
  EXPECT_TRUE(is_valid_blob_key(longest));
  EXPECT_FALSE(is_valid_blob_key(longest + "z"));
  EXPECT_FALSE(is_valid_blob_key(std::string(256, 's')));
  for (const std::string& key : hostile_keys()) {
    EXPECT_FALSE(is_valid_blob_key(key)) << ::testing::PrintToString(key.substr(0, 40));
    EXPECT_EQ(error_code_of([&] { validate_blob_key(key); }), ErrorCode::validation_failed);
  }
}

TEST(BlobKeyTest, layout_puts_every_file_of_a_video_under_its_prefix) {
  EXPECT_EQ(blob_keys::video_prefix("Xy3_-abcDEF0"), "videos/Xy3_-abcDEF0");
  EXPECT_EQ(blob_keys::source("Xy3_-abcDEF0"), "videos/Xy3_-abcDEF0/source");
  EXPECT_EQ(blob_keys::hls("Xy3_-abcDEF0", "720p/seg_00001.ts"), "videos/Xy3_-abcDEF0/hls/720p/seg_00001.ts");
  EXPECT_EQ(blob_keys::thumbs("Xy3_-abcDEF0", "storyboard/0.jpg"), "videos/Xy3_-abcDEF0/thumbs/storyboard/0.jpg");
  for (const char* bad_id : {"", "..", "a/b", ".hidden", "../../etc"}) {
    EXPECT_EQ(error_code_of([&] { blob_keys::source(bad_id); }), ErrorCode::validation_failed) << bad_id;
  }
  for (const char* bad_rel : {"", "../source", "720p/../../x", "/abs", "720p/"}) {
    EXPECT_EQ(error_code_of([&] { blob_keys::hls("abc", bad_rel); }), ErrorCode::validation_failed) << bad_rel;
    EXPECT_EQ(error_code_of([&] { blob_keys::thumbs("abc", bad_rel); }), ErrorCode::validation_failed) << bad_rel;
  }
}

// Restores RLIMIT_FSIZE and SIGXFSZ when a test that lowered them ends.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lowered = saved_;
    lowered.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &lowered);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

class LocalBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = marquee::testing::make_temp_dir("marquee-local-blob");
    root_ = scratch_ + "/store";
    store_ = std::make_unique<LocalBlobStore>(root_);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    fs::remove_all(scratch_, ignored);
  }

  std::vector<std::string> temp_entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(root_ + "/.tmp")) names.push_back(entry.path().filename());
    return names;
  }
  std::vector<std::string> root_entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(root_)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string scratch_;
  std::string root_;
  std::unique_ptr<LocalBlobStore> store_;
};

TEST_F(LocalBlobStoreTest, a_source_that_throws_leaves_no_temp_file_and_the_old_value) {
  store_->put_bytes("videos/v/source", "old value");
  std::size_t pulls = 0;
  auto failing_source = [&](std::span<char> buffer) -> std::size_t {
    if (++pulls == 3) throw Error(ErrorCode::bad_request, "upload truncated");
    std::fill_n(buffer.data(), 1000, 'x');
    return 1000;
  };

  EXPECT_EQ(error_code_of([&] { store_->put_stream("videos/v/source", failing_source); }), ErrorCode::bad_request);
  pulls = 0;
  EXPECT_EQ(error_code_of([&] { store_->put_stream("videos/w/source", failing_source); }), ErrorCode::bad_request);

  EXPECT_EQ(store_->read("videos/v/source", 0, 100), "old value");
  EXPECT_FALSE(store_->stat("videos/w/source"));
  EXPECT_FALSE(fs::exists(root_ + "/videos/w")) << "a failed put creates no directories";
  EXPECT_TRUE(temp_entries().empty());
}

TEST_F(LocalBlobStoreTest, a_write_error_leaves_no_temp_file_and_no_partial_key) {
  store_->put_bytes("videos/v/source", "old value");
  const std::string too_big = PseudoRandomBytes(12).take(3 * kMiB);
  std::optional<ErrorCode> put_error;
  {
    const FileSizeLimit limit(kMiB);
    put_error = error_code_of([&] { store_->put_bytes("videos/v/source", too_big); });
    EXPECT_EQ(error_code_of([&] { store_->put_bytes("videos/fresh/source", too_big); }), ErrorCode::unavailable);
  }

  EXPECT_EQ(put_error, ErrorCode::unavailable);
  EXPECT_EQ(store_->read("videos/v/source", 0, 100), "old value");
  EXPECT_FALSE(store_->stat("videos/fresh/source"));
  EXPECT_TRUE(temp_entries().empty());
}

TEST_F(LocalBlobStoreTest, put_file_of_a_missing_local_file_fails_cleanly) {
  EXPECT_EQ(error_code_of([&] { store_->put_file("videos/v/source", scratch_ + "/no-such-file"); }),
            ErrorCode::unavailable);
  EXPECT_EQ(error_code_of([&] { store_->put_file("videos/v/source", scratch_); }), ErrorCode::unavailable)
      << "a directory is not a file";
  EXPECT_FALSE(store_->stat("videos/v/source"));
  EXPECT_TRUE(temp_entries().empty());
}

TEST_F(LocalBlobStoreTest, construction_clears_stale_temp_entries_and_keeps_fresh_ones) {
  write_local_file(root_ + "/.tmp/put-crashed", "half a segment");
  fs::create_directories(root_ + "/.tmp/trash-crashed/hls/720p");
  write_local_file(root_ + "/.tmp/trash-crashed/hls/720p/seg.ts", "x");

  LocalBlobStore keeps_fresh(root_);
  EXPECT_EQ(temp_entries().size(), 2u) << "entries younger than an hour may belong to a live process";

  LocalBlobStore clears_all(root_, {.stale_temp_age = std::chrono::seconds(0)});
  EXPECT_TRUE(temp_entries().empty());
}

TEST_F(LocalBlobStoreTest, symlinks_inside_the_root_are_never_followed) {
  const std::string outside = scratch_ + "/outside";
  fs::create_directories(outside);
  write_local_file(outside + "/secret", "secret");
  fs::create_directory_symlink(outside, root_ + "/videos");
  fs::create_symlink(outside + "/secret", root_ + "/link");

  EXPECT_FALSE(store_->stat("videos/secret"));
  EXPECT_EQ(error_code_of([&] { store_->read("videos/secret", 0, 10); }), ErrorCode::not_found);
  EXPECT_FALSE(store_->stat("link"));
  EXPECT_EQ(error_code_of([&] { store_->put_bytes("videos/planted", "x"); }), ErrorCode::conflict);
  EXPECT_EQ(store_->list_prefix(""), std::vector<BlobInfo>{});
  store_->remove("videos/secret");
  EXPECT_EQ(store_->remove_prefix("videos"), 0u);

  EXPECT_FALSE(fs::exists(outside + "/planted"));
  EXPECT_EQ(read_local_file(outside + "/secret"), "secret");
  EXPECT_FALSE(fs::exists(fs::symlink_status(root_ + "/videos"))) << "remove_prefix removes the link itself";

  store_->put_bytes("link", "replaced");
  EXPECT_EQ(read_local_file(outside + "/secret"), "secret") << "a put replaces a link, never writes through it";
  EXPECT_EQ(store_->read("link", 0, 100), "replaced");
  EXPECT_TRUE(temp_entries().empty());
}

TEST_F(LocalBlobStoreTest, a_key_cannot_be_both_a_blob_and_a_prefix_of_blobs) {
  store_->put_bytes("a/b", "blob");
  store_->put_bytes("c/d/e", "deeper");

  EXPECT_EQ(error_code_of([&] { store_->put_bytes("a/b/c", "x"); }), ErrorCode::conflict);
  EXPECT_EQ(error_code_of([&] { store_->put_bytes("c/d", "x"); }), ErrorCode::conflict);
  EXPECT_EQ(store_->read("a/b", 0, 10), "blob");
  EXPECT_EQ(store_->read("c/d/e", 0, 10), "deeper");
  EXPECT_TRUE(temp_entries().empty());
}

TEST_F(LocalBlobStoreTest, local_path_names_the_committed_file) {
  store_->put_bytes("videos/v/hls/index.m3u8", "#EXTM3U\n");
  const std::optional<std::string> path = store_->local_path("videos/v/hls/index.m3u8");
  ASSERT_TRUE(path);
  EXPECT_TRUE(fs::path(*path).is_absolute());
  EXPECT_EQ(read_local_file(*path), "#EXTM3U\n");
}

TEST_F(LocalBlobStoreTest, removing_the_last_blobs_prunes_empty_directories) {
  store_->put_bytes("videos/v/hls/720p/seg_1.ts", "1");
  store_->put_bytes("videos/v/source", "s");
  store_->put_bytes("videos/w/source", "w");

  store_->remove("videos/v/hls/720p/seg_1.ts");
  EXPECT_FALSE(fs::exists(root_ + "/videos/v/hls"));
  EXPECT_TRUE(fs::exists(root_ + "/videos/v/source"));

  EXPECT_EQ(store_->remove_prefix("videos/v"), 1u);
  store_->remove("videos/w/source");
  EXPECT_EQ(root_entries(), std::vector<std::string>{".tmp"});
  EXPECT_TRUE(temp_entries().empty());

  store_->put_bytes("videos/v/source", "again");
  EXPECT_EQ(store_->read("videos/v/source", 0, 10), "again");
}

TEST_F(LocalBlobStoreTest, two_stores_on_one_root_see_the_same_blobs) {
  LocalBlobStore other(root_ + "/");
  store_->put_bytes("videos/v/source", "shared");
  EXPECT_EQ(other.read("videos/v/source", 0, 10), "shared");
  EXPECT_EQ(other.stat("videos/v/source"), store_->stat("videos/v/source"));
  EXPECT_EQ(other.local_path("videos/v/source"), store_->local_path("videos/v/source"));
}

// The default move_tree, as a store that commits file by file (S3) runs it.
class FileByFileStore : public BlobStoreWrapper {
 public:
  using BlobStoreWrapper::BlobStoreWrapper;
  void move_tree(const std::string& prefix, const std::string& local_dir,
                 const std::function<bool(std::string_view relative_path)>& commit_last = {}) override {
    BlobStore::move_tree(prefix, local_dir, commit_last);
  }
  void move_file(const std::string& key, const std::string& local_path) override {
    if (fail_after && moved.size() == *fail_after) throw Error(ErrorCode::unavailable, "injected upload failure");
    moved.push_back(key);
    BlobStoreWrapper::move_file(key, local_path);
  }
  std::vector<std::string> moved;
  std::optional<std::size_t> fail_after;
};

TEST_F(LocalBlobStoreTest, file_by_file_move_tree_commits_playlists_last_and_leaves_whole_files_when_interrupted) {
  FileByFileStore store(*store_);
  store.put_bytes("videos/v/hls/720p/index.m3u8", "old playlist");
  store.put_bytes("videos/v/hls/720p/seg_00000.m4s", "old seg 0");
  store.put_bytes("videos/v/hls/720p/old.m4s", "stale");
  const LocalTree tree{{"master.m3u8", "m"}, {"720p/index.m3u8", "p"}, {"720p/seg_00000.m4s", "s0"}, {"720p/seg_00001.m4s", "s1"}};
  auto playlists_last = [](std::string_view path) { return path.ends_with(".m3u8"); };

  // Interrupted after two files: every blob is one whole version, old playlists still in place.
  write_local_tree(scratch_ + "/a", tree);
  store.fail_after = 2;
  EXPECT_THROW(store.move_tree("videos/v/hls", scratch_ + "/a", playlists_last), Error);
  EXPECT_EQ(stored_tree(store, "videos/v/hls"),
            (LocalTree{{"720p/index.m3u8", "old playlist"}, {"720p/seg_00000.m4s", "s0"}, {"720p/seg_00001.m4s", "s1"},
                       {"720p/old.m4s", "stale"}}));

  // Run again to the end: segments first, playlists last, the stale blob removed.
  store.fail_after.reset();
  store.moved.clear();
  write_local_tree(scratch_ + "/b", tree);
  store.move_tree("videos/v/hls", scratch_ + "/b", playlists_last);
  EXPECT_EQ(store.moved, (std::vector<std::string>{"videos/v/hls/720p/seg_00000.m4s", "videos/v/hls/720p/seg_00001.m4s",
                                                   "videos/v/hls/720p/index.m3u8", "videos/v/hls/master.m3u8"}));
  EXPECT_EQ(stored_tree(store, "videos/v/hls"), tree);
  EXPECT_FALSE(fs::exists(scratch_ + "/b"));
}

TEST_F(LocalBlobStoreTest, move_tree_swaps_the_whole_directory_so_readers_never_miss_a_file) {
  const LocalTree old_tree{{"index.m3u8", std::string(100'000, 'A')}, {"seg.m4s", std::string(100'000, 'A')}};
  const LocalTree new_tree{{"index.m3u8", std::string(100'000, 'B')}, {"seg.m4s", std::string(100'000, 'B')}};
  write_local_tree(scratch_ + "/first", old_tree);
  store_->move_tree("videos/v/hls", scratch_ + "/first");

  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, bad{0};
  std::thread reader([&] {
    while (!done.load()) {
      for (const char* name : {"videos/v/hls/index.m3u8", "videos/v/hls/seg.m4s"}) {
        try {
          const std::string got = store_->read(name, 0, 200'000);
          if (got != old_tree.begin()->second && got != new_tree.begin()->second) ++bad;
        } catch (const Error&) {
          ++bad;  // missing, even for a moment
        }
        ++reads;
      }
    }
  });
  for (int round = 0; round < 20; ++round) {
    write_local_tree(scratch_ + "/next", round % 2 == 0 ? new_tree : old_tree);
    store_->move_tree("videos/v/hls", scratch_ + "/next");
  }
  done = true;
  reader.join();
  EXPECT_GE(reads.load(), 1);
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(temp_entries(), std::vector<std::string>{});
}

TEST_F(LocalBlobStoreTest, a_move_tree_killed_at_any_moment_leaves_the_old_tree_or_the_new_one) {
  LocalTree old_tree, new_tree;
  for (int i = 0; i < 40; ++i) {
    const std::string name = "720p/seg_" + std::to_string(i) + ".m4s";
    old_tree[name] = "old " + std::to_string(i);
    new_tree[name] = "new " + std::to_string(i);
  }
  new_tree["720p/index.m3u8"] = "new playlist";
  write_local_tree(scratch_ + "/old", old_tree);
  store_->move_tree("videos/v/hls", scratch_ + "/old");

  int saw_old = 0, saw_new = 0;
  for (int attempt = 0; attempt < 12; ++attempt) {
    const std::string local = scratch_ + "/new-" + std::to_string(attempt);
    write_local_tree(local, new_tree);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        store_->move_tree("videos/v/hls", local);
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    ::usleep(static_cast<useconds_t>(attempt * 700));  // from before the syncfs to after the swap
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    const LocalTree now = stored_tree(*store_, "videos/v/hls");
    if (now == old_tree) {
      ++saw_old;
    } else if (now == new_tree) {
      ++saw_new;
      store_->move_tree("videos/v/hls", (write_local_tree(scratch_ + "/back", old_tree), scratch_ + "/back"));
    } else {
      ADD_FAILURE() << "attempt " << attempt << ": a mix of old and new (" << now.size() << " files)";
    }
  }
  EXPECT_EQ(saw_old + saw_new, 12);
}

}  // namespace
}  // namespace marquee::blob

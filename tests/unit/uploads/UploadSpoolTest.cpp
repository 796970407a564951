// UploadSpool::Writer: whatever the pieces' sizes, memory alignment and file offsets — and
// whether the filesystem takes O_DIRECT or not — the file holds exactly the bytes written.
#include "support/TestDatabase.h"

#include "uploads/UploadSpool.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

namespace marquee::uploads {
namespace {

namespace fs = std::filesystem;

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 generator(seed);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(generator());
  return bytes;
}

std::string file_contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Page-aligned copies of the input, as http/StreamedBody hands the spool its chunks.
class AlignedCopy {
 public:
  explicit AlignedCopy(std::string_view bytes)
      : bytes_(static_cast<char*>(std::aligned_alloc(4096, (bytes.size() / 4096 + 1) * 4096)), &std::free),
        size_(bytes.size()) {
    std::memcpy(bytes_.get(), bytes.data(), bytes.size());
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<char, void (*)(void*)> bytes_;
  std::size_t size_;
};

// Writes `content` from `offset` on in pieces of the given sizes, alternating page-aligned
// and deliberately misaligned memory.
void write_in_pieces(UploadSpool::Writer& writer, std::string_view content, const std::vector<std::size_t>& sizes) {
  std::size_t at = 0;
  bool from_aligned_memory = true;
  for (std::size_t size : sizes) {
    std::string_view piece = content.substr(at, size);
    if (from_aligned_memory) {
      AlignedCopy copy(piece);
      ASSERT_TRUE(writer.write(copy.view()));
    } else {
      std::string shifted = " " + std::string(piece);  // data() + 1 is off any page boundary
      ASSERT_TRUE(writer.write(std::string_view(shifted).substr(1)));
    }
    from_aligned_memory = !from_aligned_memory;
    at += size;
  }
  ASSERT_EQ(at, content.size());
}

const std::vector<std::size_t> kAwkwardSizes{1, 4095, 4096, 10'000, 1 << 20, (1 << 20) + 7, 3, 65'536, 8191, 2 << 20};

std::size_t total(const std::vector<std::size_t>& sizes) {
  std::size_t sum = 0;
  for (auto size : sizes) sum += size;
  return sum;
}

TEST(UploadSpool, pieces_of_any_size_and_alignment_land_byte_for_byte) {
  UploadSpool spool(marquee::testing::make_temp_dir("spool"));
  spool.create("abcdefghijkl");
  const std::string path = spool.path_of("abcdefghijkl");
  const std::string content = random_bytes(total(kAwkwardSizes), 1);
  {
    UploadSpool::Writer writer(path, 0);
    write_in_pieces(writer, content, kAwkwardSizes);
    EXPECT_EQ(writer.offset(), content.size());
    writer.sync();
  }
  EXPECT_EQ(fs::file_size(path), content.size());
  EXPECT_TRUE(file_contents(path) == content);
}

TEST(UploadSpool, a_resume_from_an_unaligned_offset_overwrites_what_lay_beyond_it) {
  UploadSpool spool(marquee::testing::make_temp_dir("spool"));
  spool.create("abcdefghijkl");
  const std::string path = spool.path_of("abcdefghijkl");
  const std::string first = random_bytes(3 << 20, 2);  // more than the "durable" offset below
  {
    UploadSpool::Writer writer(path, 0);
    write_in_pieces(writer, first, {first.size()});
  }
  const std::uint64_t resume_at = 1'234'567;  // what HEAD reported: not block-aligned
  const std::string rest = random_bytes(total(kAwkwardSizes), 3);
  {
    UploadSpool::Writer writer(path, resume_at);
    write_in_pieces(writer, rest, kAwkwardSizes);
    EXPECT_EQ(writer.offset(), resume_at + rest.size());
    writer.sync();
  }
  const std::string expected = first.substr(0, resume_at) + rest;
  EXPECT_EQ(fs::file_size(path), expected.size());
  EXPECT_TRUE(file_contents(path) == expected);
}

TEST(UploadSpool, a_filesystem_without_o_direct_gets_the_same_bytes) {
  // tmpfs refuses O_DIRECT: the writer stays on the page cache there.
  if (!fs::is_directory("/dev/shm")) GTEST_SKIP() << "no /dev/shm (tmpfs) on this machine";
  const std::string directory = "/dev/shm/marquee-spool-test-" + std::to_string(::getpid());
  UploadSpool spool(directory);
  spool.create("abcdefghijkl");
  const std::string path = spool.path_of("abcdefghijkl");
  const std::string content = random_bytes(total(kAwkwardSizes), 4);
  {
    UploadSpool::Writer writer(path, 0);
    write_in_pieces(writer, content, kAwkwardSizes);
    writer.sync();
  }
  EXPECT_TRUE(file_contents(path) == content);
  fs::remove_all(directory);
}

}  // namespace
}  // namespace marquee::uploads

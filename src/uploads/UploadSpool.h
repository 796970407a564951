#pragma once
// Where unfinished uploads live: one file per upload under <data_dir>/uploads, appended
// in place at the offset the client resumes from. The database holds the durable offset;
// a file may hold more bytes than that after a crash, and they are overwritten on resume.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace marquee::uploads {

class UploadSpool {
 public:
  explicit UploadSpool(std::string directory);

  std::string path_of(const std::string& upload_id) const;
  void create(const std::string& upload_id) const;
  // Creates the file when this node has none yet (an upload another node began).
  void ensure(const std::string& upload_id) const;
  // Frees the disk behind bytes [offset, offset + length) (they are safe elsewhere).
  void release_range(const std::string& upload_id, std::uint64_t offset, std::uint64_t length) const;
  void remove(const std::string& upload_id) const;
  // Removes upload files untouched for `age` (buffers a crashed request left behind when
  // the uploads live in a shared store); returns how many.
  int remove_untouched_for(std::chrono::seconds age) const;

  // An open file positioned for writing at `offset`. write() appends; sync() — fdatasync,
  // which must succeed before a new offset is recorded — may run on another thread while
  // write() goes on, and makes durable at least what was written before it began.
  //
  // Whole 4 KiB blocks go to the disk with O_DIRECT: an upload is read once, later, by
  // ffprobe and ffmpeg, so copying it into the page cache only costs memory and CPU (fresh
  // page-cache pages made buffered writes swing from 0.3 to 1.3 GB/s on this machine's
  // disk, direct writes held 1.3–1.5 GB/s). Data that is not block-aligned — the ends of an
  // upload or of a resumed range — is written through the page cache, and so is everything
  // where the filesystem refuses O_DIRECT (tmpfs); those bytes get their writeback started
  // every few MiB (sync_file_range) so that sync() finds little left to do. Aligned input
  // (see http/StreamedBody) is written as it is; other input through a bounce buffer.
  class Writer {
   public:
    Writer(const std::string& path, std::uint64_t offset);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    bool write(std::string_view bytes);  // false on an I/O error (disk full)
    void sync();                          // throws Error(unavailable/insufficient_storage)
    std::uint64_t offset() const { return offset_; }
    int error() const { return errno_; }

   private:
    bool write_direct(std::string_view& bytes);
    bool write_buffered(std::string_view bytes);

    int fd_ = -1;
    int direct_fd_ = -1;  // the same file with O_DIRECT; -1 when the filesystem refuses it
    std::unique_ptr<char, void (*)(void*)> bounce_{nullptr, &std::free};  // aligned, for unaligned input
    std::uint64_t offset_;
    std::uint64_t writeback_from_;  // buffered bytes before this have had their writeback started
    int errno_ = 0;
  };

 private:
  std::string directory_;
};

}  // namespace marquee::uploads

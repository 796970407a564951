#pragma once
// Where unfinished uploads live: one file per upload under <data_dir>/uploads, appended
// in place at the offset the client resumes from. The database holds the durable offset;
// a file may hold more bytes than that after a crash, and they are overwritten on resume.
#include <cstdint>
#include <string>
#include <string_view>

namespace marquee::uploads {

class UploadSpool {
 public:
  explicit UploadSpool(std::string directory);

  std::string path_of(const std::string& upload_id) const;
  void create(const std::string& upload_id) const;
  void remove(const std::string& upload_id) const;

  // An open file positioned for writing at `offset`. write() appends and starts the
  // writeback of every few MiB written (sync_file_range), so dirty pages never pile up and
  // sync() — fdatasync, which must succeed before a new offset is recorded — finds little
  // left to do. sync() may run on another thread while write() goes on: it makes durable at
  // least what was written before it began.
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
    int fd_ = -1;
    std::uint64_t offset_;
    std::uint64_t writeback_from_;  // bytes before this have had their writeback started
    int errno_ = 0;
  };

 private:
  std::string directory_;
};

}  // namespace marquee::uploads

#include "uploads/UploadSpool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::uploads {
namespace {

[[noreturn]] void io_failure(const std::string& what, int err) {
  ErrorCode code = (err == ENOSPC || err == EDQUOT) ? ErrorCode::insufficient_storage : ErrorCode::unavailable;
  throw Error(code, what + ": " + std::strerror(err));
}

// Written bytes are handed to the disk in batches this big (see Writer).
constexpr std::uint64_t kWritebackBytes = 8 << 20;

}  // namespace

UploadSpool::UploadSpool(std::string directory) : directory_(std::move(directory)) {
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) throw Error(ErrorCode::unavailable, "cannot create " + directory_ + ": " + ec.message());
}

std::string UploadSpool::path_of(const std::string& upload_id) const {
  if (!looks_like_public_id(upload_id)) throw Error(ErrorCode::internal, "bad upload id");
  return directory_ + "/" + upload_id + ".part";
}

void UploadSpool::create(const std::string& upload_id) const {
  int fd = ::open(path_of(upload_id).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) io_failure("cannot create upload file", errno);
  ::close(fd);
}

void UploadSpool::remove(const std::string& upload_id) const { ::unlink(path_of(upload_id).c_str()); }

UploadSpool::Writer::Writer(const std::string& path, std::uint64_t offset) : offset_(offset), writeback_from_(offset) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) io_failure("cannot open upload file", errno);
}

UploadSpool::Writer::~Writer() {
  if (fd_ >= 0) ::close(fd_);
}

bool UploadSpool::Writer::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset_));
    if (n < 0) {
      if (errno == EINTR) continue;
      errno_ = errno;
      return false;
    }
    offset_ += static_cast<std::uint64_t>(n);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (offset_ - writeback_from_ >= kWritebackBytes) {
    // Only a hint to start the disk writes now: an error shows up in fdatasync.
    ::sync_file_range(fd_, static_cast<off_t>(writeback_from_), static_cast<off_t>(offset_ - writeback_from_),
                      SYNC_FILE_RANGE_WRITE);
    writeback_from_ = offset_;
  }
  return true;
}

void UploadSpool::Writer::sync() {
  if (::fdatasync(fd_) != 0) io_failure("cannot persist upload", errno);
}

}  // namespace marquee::uploads

#include "uploads/UploadSpool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <new>

#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::uploads {
namespace {

[[noreturn]] void io_failure(const std::string& what, int err) {
  ErrorCode code = (err == ENOSPC || err == EDQUOT) ? ErrorCode::insufficient_storage : ErrorCode::unavailable;
  throw Error(code, what + ": " + std::strerror(err));
}

// Buffered bytes are handed to the disk in batches this big (see Writer).
constexpr std::uint64_t kWritebackBytes = 8 << 20;
// O_DIRECT's unit for memory, file offsets and lengths: the page size, which covers the
// logical block size of every disk Marquee is meant for.
constexpr std::size_t kDirectAlignment = 4096;
// The bounce buffer for input that is not aligned in memory.
constexpr std::size_t kBounceBytes = 1 << 20;

bool aligned(std::uint64_t value) { return value % kDirectAlignment == 0; }

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

void UploadSpool::ensure(const std::string& upload_id) const {
  int fd = ::open(path_of(upload_id).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) io_failure("cannot create upload file", errno);
  ::close(fd);
}

void UploadSpool::release_range(const std::string& upload_id, std::uint64_t offset, std::uint64_t length) const {
  int fd = ::open(path_of(upload_id).c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  // Best effort: a filesystem without hole punching keeps the bytes until the file goes.
  (void)::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                    static_cast<off_t>(length));
  ::close(fd);
}

int UploadSpool::remove_untouched_for(std::chrono::seconds age) const {
  namespace fs = std::filesystem;
  int removed = 0;
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - age;
  for (fs::directory_iterator it(directory_, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".part") continue;
    std::error_code stat_error;
    if (it->last_write_time(stat_error) < cutoff && !stat_error && fs::remove(it->path(), stat_error)) ++removed;
  }
  return removed;
}

void UploadSpool::remove(const std::string& upload_id) const { ::unlink(path_of(upload_id).c_str()); }

UploadSpool::Writer::Writer(const std::string& path, std::uint64_t offset) : offset_(offset), writeback_from_(offset) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) io_failure("cannot open upload file", errno);
  direct_fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_DIRECT);  // -1: buffered only
}

UploadSpool::Writer::~Writer() {
  if (fd_ >= 0) ::close(fd_);
  if (direct_fd_ >= 0) ::close(direct_fd_);
}

bool UploadSpool::Writer::write(std::string_view bytes) {
  while (!bytes.empty()) {
    if (direct_fd_ >= 0 && aligned(offset_) && bytes.size() >= kDirectAlignment) {
      if (!write_direct(bytes)) return false;
      continue;
    }
    // Through the page cache: up to the next block boundary when O_DIRECT can take over
    // from there, else all of it.
    std::size_t n = bytes.size();
    if (direct_fd_ >= 0 && !aligned(offset_)) n = std::min<std::size_t>(n, kDirectAlignment - offset_ % kDirectAlignment);
    if (!write_buffered(bytes.substr(0, n))) return false;
    bytes.remove_prefix(n);
  }
  return true;
}

// Writes the largest whole-block prefix of `bytes` (at least one block) with O_DIRECT and
// removes it from `bytes`. A filesystem that turns out to refuse the request (EINVAL)
// leaves `bytes` as it was and the writer buffered from then on.
bool UploadSpool::Writer::write_direct(std::string_view& bytes) {
  const char* source = bytes.data();
  std::size_t n = bytes.size() - bytes.size() % kDirectAlignment;
  if (reinterpret_cast<std::uintptr_t>(source) % kDirectAlignment != 0) {
    if (!bounce_) {
      bounce_.reset(static_cast<char*>(std::aligned_alloc(kDirectAlignment, kBounceBytes)));
      if (!bounce_) throw std::bad_alloc();
    }
    n = std::min(n, kBounceBytes);
    std::memcpy(bounce_.get(), source, n);
    source = bounce_.get();
  }
  ssize_t written = ::pwrite(direct_fd_, source, n, static_cast<off_t>(offset_));
  if (written < 0) {
    if (errno == EINTR) return true;
    if (errno == EINVAL) {  // alignment or O_DIRECT itself refused: the page cache it is
      ::close(direct_fd_);
      direct_fd_ = -1;
      return true;
    }
    errno_ = errno;
    return false;
  }
  offset_ += static_cast<std::uint64_t>(written);
  bytes.remove_prefix(static_cast<std::size_t>(written));
  writeback_from_ = offset_;  // nothing of it is in the page cache; sync() covers a buffered head
  return true;
}

bool UploadSpool::Writer::write_buffered(std::string_view bytes) {
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

#include "blob/LocalBlobStore.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <span>
#include <system_error>
#include <utility>

#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::blob {
namespace {

constexpr std::size_t kCopyBufferBytes = 1 << 20;
constexpr int kCommitAttempts = 8;
constexpr const char* kTempDirName = ".tmp";
constexpr int kDirectoryOpenFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::string errno_text(int err) { return std::system_category().message(err); }

[[noreturn]] void throw_io(const std::string& what, int err) {
  const ErrorCode code = (err == ENOSPC || err == EDQUOT) ? ErrorCode::insufficient_storage : ErrorCode::unavailable;
  throw Error(code, "blob store: " + what + ": " + errno_text(err));
}

[[noreturn]] void throw_conflict(const std::string& key, const std::string& why) {
  throw Error(ErrorCode::conflict, "blob store: " + key + ": " + why);
}

[[noreturn]] void throw_blob_not_found(const std::string& key) {
  throw Error(ErrorCode::not_found, "blob " + key + " not found");
}

bool means_missing(int err) { return err == ENOENT || err == ENOTDIR || err == ELOOP; }

std::string random_hex_name(const char* prefix) { return prefix + crypto::to_hex(crypto::random_bytes(8)); }

std::string to_hex(std::uint64_t value) {
  char buffer[17];
  char* end = buffer + sizeof buffer;
  char* out = end;
  do {
    *--out = "0123456789abcdef"[value & 0xf];
    value >>= 4;
  } while (value != 0);
  return std::string(out, end);
}

std::int64_t nanoseconds(const timespec& time) {
  return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

// A commit time for the next put: the wall clock, bumped so no two puts in this process
// share one (the kernel's file timestamps are only as fine as its clock tick).
std::int64_t next_commit_stamp_ns() {
  static std::atomic<std::int64_t> last_stamp{0};
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const std::int64_t candidate = nanoseconds(now);
  std::int64_t previous = last_stamp.load();
  std::int64_t stamp = 0;
  do {
    stamp = std::max(candidate, previous + 1);
  } while (!last_stamp.compare_exchange_weak(previous, stamp));
  return stamp;
}

BlobInfo info_from_stat(const std::string& key, const struct stat& st) {
  const std::int64_t mtime_ns = nanoseconds(st.st_mtim);
  BlobInfo info;
  info.key = key;
  info.size = static_cast<std::uint64_t>(st.st_size);
  info.modified_ms = mtime_ns / 1'000'000;
  info.etag = to_hex(info.size) + "-" + to_hex(static_cast<std::uint64_t>(mtime_ns));
  return info;
}

struct SplitKey {
  std::vector<std::string> directories;  // every segment but the last
  std::string leaf;
};

SplitKey split_key(const std::string& key) {
  SplitKey split;
  std::size_t start = 0;
  for (std::size_t slash = key.find('/'); slash != std::string::npos; slash = key.find('/', start)) {
    split.directories.push_back(key.substr(start, slash - start));
    start = slash + 1;
  }
  split.leaf = key.substr(start);
  return split;
}

// The open directories leading to a key's leaf: dirs[i] is the directory named by the
// first i + 1 segments. `error` is the errno of the first component that could not be
// opened (the chain stops there).
struct DirectoryChain {
  std::vector<UniqueFd> dirs;
  int error = 0;

  int innermost(int root_fd) const { return dirs.empty() ? root_fd : dirs.back().get(); }
};

// Opens each directory in turn relative to the previous one with O_NOFOLLOW, so neither a
// symlink nor anything else can lead outside the root. With create_missing, makes absent
// directories and fsyncs the directory that gained the entry.
DirectoryChain open_directory_chain(int root_fd, const std::vector<std::string>& names, bool create_missing) {
  DirectoryChain chain;
  for (const std::string& name : names) {
    const int parent = chain.innermost(root_fd);
    int fd = ::openat(parent, name.c_str(), kDirectoryOpenFlags);
    if (fd < 0 && errno == ENOENT && create_missing) {
      if (::mkdirat(parent, name.c_str(), 0755) == 0) {
        if (::fsync(parent) != 0) throw_io("fsync directory " + name, errno);
      } else if (errno != EEXIST) {
        chain.error = errno;
        return chain;
      }
      fd = ::openat(parent, name.c_str(), kDirectoryOpenFlags);
    }
    if (fd < 0) {
      chain.error = errno;
      return chain;
    }
    chain.dirs.emplace_back(fd);
  }
  return chain;
}

// Removes the chain's directories from the innermost outwards while they are empty. A put
// that loses its directory to this in the middle of committing retries (see commit_temp).
void prune_empty_directories(int root_fd, DirectoryChain& chain, const std::vector<std::string>& names) {
  for (std::size_t i = chain.dirs.size(); i-- > 0;) {
    const int parent = i == 0 ? root_fd : chain.dirs[i - 1].get();
    chain.dirs[i].reset();
    if (::unlinkat(parent, names[i].c_str(), AT_REMOVEDIR) != 0) return;
  }
}

void write_all(int fd, const char* data, std::size_t size, const std::string& what) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_io("write " + what, errno);
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

void copy_with_buffer(int from_fd, int to_fd, const std::string& what) {
  std::vector<char> buffer(kCopyBufferBytes);
  while (true) {
    const ssize_t got = ::read(from_fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_io("read " + what, errno);
    }
    if (got == 0) return;
    write_all(to_fd, buffer.data(), static_cast<std::size_t>(got), what);
  }
}

// Copies from the current offset of from_fd to its end, in the kernel when it can.
void copy_file_contents(int from_fd, int to_fd, const std::string& what) {
  while (true) {
    const ssize_t copied = ::copy_file_range(from_fd, nullptr, to_fd, nullptr, 1 << 30, 0);
    if (copied > 0) continue;
    if (copied == 0) return;
    if (errno == EINTR) continue;
    if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP || errno == EPERM) {
      copy_with_buffer(from_fd, to_fd, what);
      return;
    }
    throw_io("copy " + what, errno);
  }
}

// Removes the entry `name` of dir_fd and everything below it without following symlinks.
// Returns how many regular files went. Entries that vanish meanwhile are not an error.
std::size_t delete_tree(int dir_fd, const std::string& name) {
  UniqueFd fd(::openat(dir_fd, name.c_str(), kDirectoryOpenFlags));
  if (!fd) {
    if (errno == ENOENT) return 0;
    throw_io("open " + name + " for removal", errno);
  }
  DIR* dir = ::fdopendir(fd.get());
  if (!dir) throw_io("read directory " + name, errno);
  const int tree_fd = fd.release();
  std::vector<std::string> children;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view child = entry->d_name;
    if (child != "." && child != "..") children.emplace_back(child);
  }
  std::size_t removed = 0;
  try {
    for (const std::string& child : children) {
      struct stat st {};
      if (::fstatat(tree_fd, child.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;
        throw_io("stat " + child, errno);
      }
      if (S_ISDIR(st.st_mode)) {
        removed += delete_tree(tree_fd, child);
      } else if (::unlinkat(tree_fd, child.c_str(), 0) == 0) {
        if (S_ISREG(st.st_mode)) ++removed;
      } else if (errno != ENOENT) {
        throw_io("remove " + child, errno);
      }
    }
  } catch (...) {
    ::closedir(dir);
    throw;
  }
  ::closedir(dir);
  if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) throw_io("remove " + name, errno);
  return removed;
}

std::vector<std::string> directory_entries(int parent_fd, const std::string& name) {
  std::vector<std::string> names;
  UniqueFd fd(::openat(parent_fd, name.c_str(), kDirectoryOpenFlags));
  if (!fd) {
    if (means_missing(errno)) return names;
    throw_io("open directory " + name, errno);
  }
  DIR* dir = ::fdopendir(fd.get());
  if (!dir) throw_io("read directory " + name, errno);
  fd.release();
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view child = entry->d_name;
    if (child != "." && child != "..") names.emplace_back(child);
  }
  ::closedir(dir);
  return names;
}

// Appends every blob below directory `name` of parent_fd; `key_prefix` is that directory's
// key followed by `/` ("" for the root). Entries that are not valid keys (the store's own
// dotted files, strays) and anything but regular files and directories are skipped.
void list_tree(int parent_fd, const std::string& name, const std::string& key_prefix, std::vector<BlobInfo>& out) {
  UniqueFd dir_fd(::openat(parent_fd, name.c_str(), kDirectoryOpenFlags));
  if (!dir_fd) {
    if (means_missing(errno)) return;
    throw_io("open directory " + name, errno);
  }
  for (const std::string& child : directory_entries(dir_fd.get(), ".")) {
    const std::string key = key_prefix + child;
    if (!is_valid_blob_key(key)) continue;
    struct stat st {};
    if (::fstatat(dir_fd.get(), child.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      throw_io("stat " + key, errno);
    }
    if (S_ISREG(st.st_mode)) {
      out.push_back(info_from_stat(key, st));
    } else if (S_ISDIR(st.st_mode)) {
      list_tree(dir_fd.get(), child, key + "/", out);
    }
  }
}

// A file being written under a unique name in one directory; unlinked on destruction
// unless it was renamed into place.
class TempFile {
 public:
  TempFile(int dir_fd, std::string name_prefix, const std::string& what) : dir_fd_(dir_fd), what_(what) {
    while (true) {
      name_ = random_hex_name(name_prefix.c_str());
      fd_ = UniqueFd(::openat(dir_fd_, name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
      if (fd_) return;
      if (errno != EEXIST) throw_io("create temp file for " + what_, errno);
    }
  }
  ~TempFile() {
    fd_.reset();
    if (!committed_) ::unlinkat(dir_fd_, name_.c_str(), 0);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_.get(); }
  const std::string& name() const { return name_; }
  void write(std::string_view bytes) { write_all(fd_.get(), bytes.data(), bytes.size(), what_); }

  // Stamps the commit time, flushes the data to disk and closes the file.
  void finish() {
    const std::int64_t stamp = next_commit_stamp_ns();
    const timespec times[2] = {{0, UTIME_OMIT}, {stamp / 1'000'000'000, stamp % 1'000'000'000}};
    if (::futimens(fd_.get(), times) != 0) throw_io("stamp " + what_, errno);
    if (::fsync(fd_.get()) != 0) throw_io("fsync " + what_, errno);
    if (::close(fd_.release()) != 0) throw_io("close " + what_, errno);
  }
  void mark_committed() { committed_ = true; }
  // After another file was renamed over this temp name: write through the new file.
  void reopen() {
    fd_.reset();
    fd_ = UniqueFd(::openat(dir_fd_, name_.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd_) throw_io("reopen " + what_, errno);
  }

 private:
  int dir_fd_;
  std::string what_;
  std::string name_;
  UniqueFd fd_;
  bool committed_ = false;
};

// Renames a finished temp file over key's path and makes the rename durable. Retries
// when a concurrent remove pruned a directory on the way between opening and renaming.
void commit_temp(int root_fd, int temp_dir_fd, TempFile& temp, const std::string& key) {
  const SplitKey split = split_key(key);
  for (int attempt = 0; attempt < kCommitAttempts; ++attempt) {
    DirectoryChain chain = open_directory_chain(root_fd, split.directories, true);
    if (chain.error == ENOENT) continue;
    if (chain.error == ENOTDIR || chain.error == ELOOP) {
      throw_conflict(key, "a parent path is a blob or a link, not a directory");
    }
    if (chain.error != 0) throw_io("create directories for " + key, chain.error);
    const int parent = chain.innermost(root_fd);
    if (::renameat(temp_dir_fd, temp.name().c_str(), parent, split.leaf.c_str()) != 0) {
      if (errno == ENOENT) continue;
      if (errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST) {
        throw_conflict(key, "key is a prefix of other blobs");
      }
      throw_io("rename into " + key, errno);
    }
    temp.mark_committed();
    if (::fsync(parent) != 0) throw_io("fsync directory of " + key, errno);
    return;
  }
  throw Error(ErrorCode::unavailable, "blob store: " + key + ": directories kept vanishing during commit");
}

// The blob's file opened for reading, or an empty fd when key holds no blob.
UniqueFd open_blob(int root_fd, const std::string& key) {
  const SplitKey split = split_key(key);
  // A move_tree may swap the directory in between our opening it and opening the blob in
  // it, and then empty the old one: the blob is missing there but present in the new tree.
  // So a miss looks again from the root, for as long as the directory found is another one.
  ino_t previous_directory = 0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    DirectoryChain chain = open_directory_chain(root_fd, split.directories, false);
    if (means_missing(chain.error)) return {};
    if (chain.error != 0) throw_io("open " + key, chain.error);
    struct stat directory {};
    if (::fstat(chain.innermost(root_fd), &directory) != 0) throw_io("stat the directory of " + key, errno);
    if (attempt > 0 && directory.st_ino == previous_directory) return {};  // the same one: really missing
    previous_directory = directory.st_ino;
    UniqueFd fd(
        ::openat(chain.innermost(root_fd), split.leaf.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
      if (means_missing(errno)) continue;
      throw_io("open " + key, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw_io("stat " + key, errno);
    if (!S_ISREG(st.st_mode)) return {};
    return fd;
  }
  return {};
}

void validate_prefix(const std::string& prefix) {
  if (!prefix.empty()) validate_blob_key(prefix);
}

std::string normalized_root(const std::string& root) {
  std::error_code error;
  std::filesystem::path path = std::filesystem::absolute(root, error);
  if (error) throw Error(ErrorCode::unavailable, "blob store root " + root + ": " + error.message());
  std::string text = path.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

LocalBlobStore::LocalBlobStore(std::string root, LocalBlobStoreOptions options) : root_(normalized_root(root)) {
  std::error_code error;
  std::filesystem::create_directories(root_, error);
  if (error) throw Error(ErrorCode::unavailable, "blob store root " + root_ + ": " + error.message());
  UniqueFd root_fd(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd) throw_io("open root " + root_, errno);
  if (::mkdirat(root_fd.get(), kTempDirName, 0700) != 0 && errno != EEXIST) {
    throw_io("create " + root_ + "/" + kTempDirName, errno);
  }
  UniqueFd temp_dir_fd(::openat(root_fd.get(), kTempDirName, kDirectoryOpenFlags));
  if (!temp_dir_fd) throw_io("open " + root_ + "/" + kTempDirName, errno);

  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const std::int64_t stale_before_ns =
      nanoseconds(now) - std::chrono::duration_cast<std::chrono::nanoseconds>(options.stale_temp_age).count();
  try {
    for (const std::string& name : directory_entries(temp_dir_fd.get(), ".")) {
      struct stat st {};
      if (::fstatat(temp_dir_fd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      if (nanoseconds(st.st_ctim) > stale_before_ns) continue;
      if (S_ISDIR(st.st_mode)) {
        delete_tree(temp_dir_fd.get(), name);
      } else {
        ::unlinkat(temp_dir_fd.get(), name.c_str(), 0);
      }
    }
  } catch (const Error&) {
    // Best effort: whatever is left is retried by the next construction.
  }
  root_fd_ = root_fd.release();
  temp_dir_fd_ = temp_dir_fd.release();
}

LocalBlobStore::~LocalBlobStore() {
  ::close(temp_dir_fd_);
  ::close(root_fd_);
}

void LocalBlobStore::put_file(const std::string& key, const std::string& local_path) {
  validate_blob_key(key);
  UniqueFd source(::open(local_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!source) throw_io("open local file " + local_path, errno);
  struct stat st {};
  if (::fstat(source.get(), &st) != 0) throw_io("stat local file " + local_path, errno);
  if (!S_ISREG(st.st_mode)) throw_io("read local file " + local_path, EINVAL);
  TempFile temp(temp_dir_fd_, "put-", key);
  copy_file_contents(source.get(), temp.fd(), key);
  temp.finish();
  commit_temp(root_fd_, temp_dir_fd_, temp, key);
}

void LocalBlobStore::move_file(const std::string& key, const std::string& local_path) {
  validate_blob_key(key);
  struct stat st {};
  if (::stat(local_path.c_str(), &st) != 0) throw_io("stat local file " + local_path, errno);
  if (!S_ISREG(st.st_mode)) throw_io("read local file " + local_path, EINVAL);
  TempFile temp(temp_dir_fd_, "move-", key);
  if (::renameat(AT_FDCWD, local_path.c_str(), temp_dir_fd_, temp.name().c_str()) != 0) {
    if (errno != EXDEV) throw_io("move local file " + local_path, errno);
    BlobStore::move_file(key, local_path);  // another filesystem: copy, then unlink
    return;
  }
  temp.reopen();
  temp.finish();
  commit_temp(root_fd_, temp_dir_fd_, temp, key);
}

void LocalBlobStore::move_tree(const std::string& prefix, const std::string& local_dir,
                               const std::function<bool(std::string_view relative_path)>& commit_last) {
  validate_blob_key(prefix);
  const std::vector<std::string> files = files_for_move_tree(local_dir, prefix);
  const UniqueFd tree(::open(local_dir.c_str(), kDirectoryOpenFlags));
  if (!tree) throw_io("open local directory " + local_dir, errno);
  for (const std::string& path : files) {
    const std::int64_t stamp = next_commit_stamp_ns();
    const timespec times[2] = {{0, UTIME_OMIT}, {stamp / 1'000'000'000, stamp % 1'000'000'000}};
    if (::utimensat(tree.get(), path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) throw_io("stamp " + path, errno);
  }
  if (::syncfs(tree.get()) != 0) throw_io("sync " + local_dir, errno);

  const SplitKey split = split_key(prefix);
  for (int attempt = 0; attempt < kCommitAttempts; ++attempt) {
    DirectoryChain chain = open_directory_chain(root_fd_, split.directories, true);
    if (chain.error == ENOENT) continue;
    if (chain.error == ENOTDIR || chain.error == ELOOP) {
      throw_conflict(prefix, "a parent path is a blob or a link, not a directory");
    }
    if (chain.error != 0) throw_io("create directories for " + prefix, chain.error);
    const int parent = chain.innermost(root_fd_);
    bool replaced = true;
    int result = ::renameat2(AT_FDCWD, local_dir.c_str(), parent, split.leaf.c_str(), RENAME_EXCHANGE);
    if (result != 0 && errno == ENOENT) {
      replaced = false;  // nothing there yet (or the parent was just pruned): a plain rename
      result = ::renameat2(AT_FDCWD, local_dir.c_str(), parent, split.leaf.c_str(), RENAME_NOREPLACE);
      if (result != 0 && (errno == EEXIST || errno == ENOENT)) continue;  // raced: look again
    }
    if (result != 0) {
      if (errno == EXDEV || errno == EINVAL) {
        BlobStore::move_tree(prefix, local_dir, commit_last);  // another filesystem, or no RENAME_EXCHANGE
        return;
      }
      throw_io("move " + local_dir + " into " + prefix, errno);
    }
    if (::fsync(parent) != 0) throw_io("fsync directory of " + prefix, errno);
    if (replaced) {
      std::error_code ignored;
      std::filesystem::remove_all(local_dir, ignored);  // now the old tree
    }
    return;
  }
  throw Error(ErrorCode::unavailable, "blob store: " + prefix + ": directories kept vanishing during commit");
}

void LocalBlobStore::put_bytes(const std::string& key, std::string_view bytes) {
  validate_blob_key(key);
  TempFile temp(temp_dir_fd_, "put-", key);
  temp.write(bytes);
  temp.finish();
  commit_temp(root_fd_, temp_dir_fd_, temp, key);
}

void LocalBlobStore::put_stream(const std::string& key, const BlobSource& source) {
  validate_blob_key(key);
  TempFile temp(temp_dir_fd_, "put-", key);
  std::vector<char> buffer(kCopyBufferBytes);
  while (const std::size_t got = source(std::span<char>(buffer))) {
    if (got > buffer.size()) throw Error(ErrorCode::internal, "blob source overran its buffer for " + key);
    temp.write(std::string_view(buffer.data(), got));
  }
  temp.finish();
  commit_temp(root_fd_, temp_dir_fd_, temp, key);
}

std::optional<BlobInfo> LocalBlobStore::stat(const std::string& key) {
  validate_blob_key(key);
  const UniqueFd fd = open_blob(root_fd_, key);
  if (!fd) return std::nullopt;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_io("stat " + key, errno);
  return info_from_stat(key, st);
}

std::string LocalBlobStore::read(const std::string& key, std::uint64_t offset, std::uint64_t length) {
  validate_blob_key(key);
  const UniqueFd fd = open_blob(root_fd_, key);
  if (!fd) throw_blob_not_found(key);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_io("stat " + key, errno);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (offset >= size || length == 0) return {};
  std::string bytes(static_cast<std::size_t>(std::min(length, size - offset)), '\0');
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t got = ::pread(fd.get(), bytes.data() + filled, bytes.size() - filled,
                                static_cast<off_t>(offset + filled));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_io("read " + key, errno);
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  bytes.resize(filled);
  return bytes;
}

void LocalBlobStore::get_to_file(const std::string& key, const std::string& local_path) {
  validate_blob_key(key);
  const UniqueFd blob = open_blob(root_fd_, key);
  if (!blob) throw_blob_not_found(key);
  const std::filesystem::path destination(local_path);
  std::string directory = destination.parent_path().string();
  if (directory.empty()) directory = ".";
  const std::string file_name = destination.filename().string();
  const UniqueFd directory_fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!directory_fd) throw_io("open directory of " + local_path, errno);
  TempFile temp(directory_fd.get(), file_name + ".part-", local_path);
  copy_file_contents(blob.get(), temp.fd(), local_path);
  temp.finish();
  if (::renameat(directory_fd.get(), temp.name().c_str(), directory_fd.get(), file_name.c_str()) != 0) {
    throw_io("rename into " + local_path, errno);
  }
  temp.mark_committed();
  if (::fsync(directory_fd.get()) != 0) throw_io("fsync directory of " + local_path, errno);
}

std::optional<std::string> LocalBlobStore::local_path(const std::string& key) {
  validate_blob_key(key);
  return root_ + "/" + key;
}

void LocalBlobStore::remove(const std::string& key) {
  validate_blob_key(key);
  const SplitKey split = split_key(key);
  DirectoryChain chain = open_directory_chain(root_fd_, split.directories, false);
  if (means_missing(chain.error)) return;
  if (chain.error != 0) throw_io("open " + key, chain.error);
  const int parent = chain.innermost(root_fd_);
  if (::unlinkat(parent, split.leaf.c_str(), 0) != 0) {
    if (means_missing(errno) || errno == EISDIR) return;
    throw_io("remove " + key, errno);
  }
  ::fsync(parent);
  prune_empty_directories(root_fd_, chain, split.directories);
}

std::size_t LocalBlobStore::remove_prefix(const std::string& prefix) {
  if (prefix.empty()) {
    throw Error(ErrorCode::validation_failed, "blob prefix must not be empty", {{"field", "prefix"}});
  }
  validate_blob_key(prefix);
  const SplitKey split = split_key(prefix);
  DirectoryChain chain = open_directory_chain(root_fd_, split.directories, false);
  if (means_missing(chain.error)) return 0;
  if (chain.error != 0) throw_io("open " + prefix, chain.error);
  const int parent = chain.innermost(root_fd_);
  struct stat st {};
  if (::fstatat(parent, split.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (means_missing(errno)) return 0;
    throw_io("stat " + prefix, errno);
  }
  std::size_t removed = 0;
  if (S_ISDIR(st.st_mode)) {
    const std::string trash = random_hex_name("trash-");
    if (::renameat(parent, split.leaf.c_str(), temp_dir_fd_, trash.c_str()) != 0) {
      if (means_missing(errno)) return 0;
      throw_io("move " + prefix + " aside for removal", errno);
    }
    ::fsync(parent);
    removed = delete_tree(temp_dir_fd_, trash);
  } else {
    if (::unlinkat(parent, split.leaf.c_str(), 0) != 0) {
      if (means_missing(errno)) return 0;
      throw_io("remove " + prefix, errno);
    }
    ::fsync(parent);
    removed = S_ISREG(st.st_mode) ? 1 : 0;
  }
  prune_empty_directories(root_fd_, chain, split.directories);
  return removed;
}

std::vector<BlobInfo> LocalBlobStore::list_prefix(const std::string& prefix) {
  validate_prefix(prefix);
  std::vector<BlobInfo> blobs;
  if (prefix.empty()) {
    list_tree(root_fd_, ".", "", blobs);
  } else {
    const SplitKey split = split_key(prefix);
    DirectoryChain chain = open_directory_chain(root_fd_, split.directories, false);
    if (means_missing(chain.error)) return blobs;
    if (chain.error != 0) throw_io("open " + prefix, chain.error);
    const int parent = chain.innermost(root_fd_);
    struct stat st {};
    if (::fstatat(parent, split.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (means_missing(errno)) return blobs;
      throw_io("stat " + prefix, errno);
    }
    if (S_ISREG(st.st_mode)) {
      blobs.push_back(info_from_stat(prefix, st));
    } else if (S_ISDIR(st.st_mode)) {
      list_tree(parent, split.leaf, prefix + "/", blobs);
    }
  }
  std::sort(blobs.begin(), blobs.end(), [](const BlobInfo& a, const BlobInfo& b) { return a.key < b.key; });
  return blobs;
}

}  // namespace marquee::blob

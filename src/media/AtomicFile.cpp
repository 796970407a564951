#include "media/AtomicFile.h"

#include "core/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace marquee::media {
namespace {

[[noreturn]] void throw_io(const std::string& what, const std::filesystem::path& path, int error_number) {
  throw Error(ErrorCode::internal, what + " " + path.string() + ": " + std::strerror(error_number));
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& contents) {
  std::filesystem::path temp = path;
  temp += ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw_io("cannot create", temp, errno);
  std::size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      throw_io("cannot write", temp, saved);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    throw_io("cannot write", temp, saved);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    throw_io("cannot rename into", path, saved);
  }
}

}  // namespace marquee::media

#include "app/Secrets.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::app {

std::string load_or_create_secret(const std::string& data_dir, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(data_dir) / "secrets";
  fs::path file = dir / name;
  std::error_code ec;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  {
    std::ifstream in(file);
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      std::string secret = ss.str();
      while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
      if (secret.size() >= 32) return secret;
      throw Error(ErrorCode::unavailable, file.string() + " holds a secret shorter than 32 characters");
    }
  }
  std::string secret = crypto::base64url_encode(crypto::random_bytes(48));
  fs::path tmp = file;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(ErrorCode::unavailable, "cannot write " + tmp.string());
  std::string line = secret + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  // link() fails if another process created the file first; then theirs wins.
  if (!ok || (::link(tmp.c_str(), file.c_str()) != 0 && errno != EEXIST)) {
    ::unlink(tmp.c_str());
    throw Error(ErrorCode::unavailable, "cannot create " + file.string());
  }
  ::unlink(tmp.c_str());
  return load_or_create_secret(data_dir, name);
}

}  // namespace marquee::app

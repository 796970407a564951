#include "scanning/ClamdClient.h"

#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/Error.h"

namespace marquee::scanning {
namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;
constexpr std::size_t kLongestReply = 4096;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Until the NUL that ends a z-command's answer, the peer closing, or a timeout.
std::string read_reply(int fd, std::string& error) {
  std::string reply;
  char buffer[512];
  while (reply.size() < kLongestReply) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno == EAGAIN || errno == EWOULDBLOCK ? "clamd did not answer in time" : std::strerror(errno);
      return reply;
    }
    if (n == 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
    if (const auto nul = reply.find('\0'); nul != std::string::npos) {
      reply.resize(nul);
      break;
    }
  }
  while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.pop_back();
  return reply;
}

}  // namespace

ClamdAddress parse_clamd_address(std::string_view text) {
  ClamdAddress address;
  if (text.starts_with("unix:")) {
    text.remove_prefix(5);
    if (text.starts_with("//")) text.remove_prefix(2);
    if (!text.empty() && text.front() == '/' && text.size() < sizeof(sockaddr_un::sun_path)) {
      address.path = std::string(text);
      return address;
    }
  } else if (text.starts_with("tcp://")) {
    text.remove_prefix(6);
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < text.size()) {
      address.unix_socket = false;
      address.host = std::string(text.substr(0, colon));
      address.port = std::string(text.substr(colon + 1));
      if (address.host.front() == '[' && address.host.back() == ']') address.host = address.host.substr(1, address.host.size() - 2);
      return address;
    }
  }
  throw Error(ErrorCode::validation_failed,
              "scanning.clamd must be unix:/path/to/clamd.ctl or tcp://host:port, got '" + std::string(text) + "'");
}

ScanResult parse_clamd_reply(std::string_view reply) {
  ScanResult result;
  constexpr std::string_view prefix = "stream: ";
  constexpr std::string_view found = " FOUND";
  if (reply == "stream: OK") {
    result.outcome = ScanResult::Outcome::clean;
  } else if (reply.starts_with(prefix) && reply.ends_with(found) && reply.size() > prefix.size() + found.size()) {
    result.outcome = ScanResult::Outcome::infected;
    std::string_view name = reply.substr(prefix.size(), reply.size() - prefix.size() - found.size());
    // A signature name is printable ASCII; anything else is cut, so no log line or status is forged.
    for (char c : name.substr(0, 200)) result.signature += (c > 0x20 && c < 0x7f) ? c : '_';
  } else if (reply.find("size limit exceeded") != std::string_view::npos) {
    result.outcome = ScanResult::Outcome::too_large;
    result.message = "larger than clamd scans (its StreamMaxLength)";
  } else {
    result.outcome = ScanResult::Outcome::error;
    std::string shown;
    for (char c : reply.substr(0, 200)) shown += (c >= 0x20 && c < 0x7f) ? c : '?';
    result.message = shown.empty() ? "clamd gave no answer" : "clamd answered: " + shown;
  }
  return result;
}

ClamdClient::ClamdClient(ClamdAddress address, std::chrono::milliseconds timeout)
    : address_(std::move(address)), timeout_(timeout) {}

int ClamdClient::connect_socket(std::string& error) const {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout_.count() % 1000) * 1000);
  auto prepare = [&](int fd) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  };
  if (address_.unix_socket) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      error = std::strerror(errno);
      return -1;
    }
    prepare(fd);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, address_.path.c_str(), address_.path.size() + 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      error = "cannot connect to clamd at unix:" + address_.path + ": " + std::strerror(errno);
      ::close(fd);
      return -1;
    }
    return fd;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(address_.host.c_str(), address_.port.c_str(), &hints, &found); rc != 0) {
    error = "cannot resolve clamd host " + address_.host + ": " + gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = found; ai && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    prepare(fd);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      error = "cannot connect to clamd at tcp://" + address_.host + ":" + address_.port + ": " + std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

ScanResult ClamdClient::scan_file(const std::string& path) const {
  ScanResult failed;
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    failed.message = "cannot read the upload to scan it: " + std::string(std::strerror(errno));
    return failed;
  }
  Fd socket{connect_socket(failed.message)};
  if (socket.fd < 0) return failed;
  static constexpr char kCommand[] = "zINSTREAM";
  bool sent = send_all(socket.fd, kCommand, sizeof kCommand);  // with its NUL
  std::vector<char> chunk(4 + kChunkBytes);
  while (sent) {
    const ssize_t n = ::read(file.fd, chunk.data() + 4, kChunkBytes);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failed.message = "cannot read the upload to scan it: " + std::string(std::strerror(errno));
      return failed;
    }
    const auto length = static_cast<std::uint32_t>(n);
    chunk[0] = static_cast<char>(length >> 24);
    chunk[1] = static_cast<char>(length >> 16);
    chunk[2] = static_cast<char>(length >> 8);
    chunk[3] = static_cast<char>(length);
    // clamd closes its end once it has had enough (StreamMaxLength): its answer is still there.
    sent = send_all(socket.fd, chunk.data(), 4 + static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  std::string error;
  const std::string reply = read_reply(socket.fd, error);
  if (reply.empty() && !error.empty()) {
    failed.message = error;
    return failed;
  }
  return parse_clamd_reply(reply);
}

std::string ClamdClient::ping() const {
  std::string error;
  Fd socket{connect_socket(error)};
  if (socket.fd < 0) return error;
  static constexpr char kCommand[] = "zPING";
  if (!send_all(socket.fd, kCommand, sizeof kCommand)) return "clamd closed the connection";
  const std::string reply = read_reply(socket.fd, error);
  return reply.empty() ? (error.empty() ? "clamd gave no answer" : error) : reply;
}

}  // namespace marquee::scanning

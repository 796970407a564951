#include "support/TestRedis.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "redis/RedisConnection.h"
#include "support/TestDatabase.h"

extern char** environ;

namespace marquee::testing {
namespace {

using namespace std::chrono_literals;

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::optional<std::string> test_redis_url() {
  const char* url = std::getenv("MARQUEE_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

redis::RedisReply redis_command(const std::string& url, const std::vector<std::string>& command) {
  WaitLimits limits{SteadyClock::now() + 5s};
  std::string error;
  auto conn = redis::RedisConnection::open(redis::parse_redis_url(url), "marquee-test", limits, error);
  if (!conn) throw std::runtime_error("cannot reach Redis at " + url + ": " + error);
  redis::RedisReply reply;
  if (conn->run(command, reply, limits, error) != redis::RedisIo::ok) {
    throw std::runtime_error("Redis at " + url + " failed: " + error);
  }
  return reply;
}

int kill_redis_clients_named(const std::string& url, const std::string& name) {
  const std::string list = redis_command(url, {"CLIENT", "LIST"}).text;
  int killed = 0;
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find('\n', start);
    if (end == std::string::npos) end = list.size();
    const std::string line = list.substr(start, end - start);
    start = end + 1;
    auto field = [&line](const std::string& key) -> std::string {
      std::size_t at = 0;
      if (!line.starts_with(key + "=")) {
        at = line.find(" " + key + "=");
        if (at == std::string::npos) return "";
        ++at;
      }
      const std::size_t from = at + key.size() + 1;
      const std::size_t to = line.find(' ', from);
      return line.substr(from, to == std::string::npos ? std::string::npos : to - from);
    };
    if (field("name") != name) continue;
    const redis::RedisReply reply = redis_command(url, {"CLIENT", "KILL", "ID", field("id")});
    if (reply.type == redis::RedisReply::Type::integer) killed += static_cast<int>(reply.integer);
  }
  return killed;
}

OwnRedisServer::OwnRedisServer(std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)), dir_(make_temp_dir("marquee-own-redis")), port_(free_loopback_port()) {
  launch();
}

OwnRedisServer::~OwnRedisServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGCONT);
    kill();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string OwnRedisServer::url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

void OwnRedisServer::launch() {
  const char* configured = std::getenv("MARQUEE_REDIS_BIN");
  const std::string binary = configured && *configured ? configured : "redis-server";
  std::vector<std::string> args = {binary,     "--bind",       "127.0.0.1", "--port",    std::to_string(port_),
                                   "--save",   "",             "--appendonly", "no",     "--dir",
                                   dir_,       "--logfile",    dir_ + "/server.log", "--daemonize", "no"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (::posix_spawnp(&pid_, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + binary);
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!accepts_connections(port_)) {
    int status = 0;
    const bool exited = ::waitpid(pid_, &status, WNOHANG) == pid_;
    if (exited || std::chrono::steady_clock::now() > deadline) {
      if (exited) pid_ = -1;
      std::ifstream log(dir_ + "/server.log");
      const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
      throw std::runtime_error("redis-server did not start: " + text.substr(text.size() > 2'000 ? text.size() - 2'000 : 0));
    }
    std::this_thread::sleep_for(10ms);
  }
}

void OwnRedisServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void OwnRedisServer::restart() {
  kill();
  launch();
}

void OwnRedisServer::freeze() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void OwnRedisServer::thaw() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

}  // namespace marquee::testing

#include "support/TestClamd.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/Crypto.h"
#include "scanning/ClamdClient.h"
#include "support/TestDatabase.h"

extern char** environ;

namespace marquee::testing {
namespace {

constexpr const char* kClamd = "/usr/sbin/clamd";

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

bool OwnClamd::available() { return ::access(kClamd, X_OK) == 0; }

std::string OwnClamd::eicar() {
  return R"(X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*)";
}

OwnClamd::OwnClamd(const std::string& stream_max_length) : dir_(make_temp_dir("marquee-clamd")) {
  socket_ = dir_ + "/clamd.sock";
  std::filesystem::create_directories(dir_ + "/db");
  const std::string test_file = eicar();
  write(dir_ + "/db/marquee-test.hdb", crypto::to_hex(crypto::md5(test_file)) + ":" +
                                           std::to_string(test_file.size()) + ":Marquee.Test.EICAR\n");
  write(dir_ + "/db/marquee-test.ndb", "Marquee.Test.Marker:0:*:" + crypto::to_hex(kMarker) + "\n");
  write(dir_ + "/clamd.conf", "DatabaseDirectory " + dir_ + "/db\nLocalSocket " + socket_ +
                                  "\nForeground yes\nStreamMaxLength " + stream_max_length + "\nLogFile " + dir_ +
                                  "/clamd.log\n");
  std::string config_arg = "--config-file=" + dir_ + "/clamd.conf";
  std::vector<char*> argv = {const_cast<char*>(kClamd), config_arg.data(), nullptr};
  // clamd in the foreground also prints each match and warning: to its log only.
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const int spawned = ::posix_spawn(&pid_, kClamd, &quiet, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&quiet);
  if (spawned != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start clamd");
  }
  scanning::ClamdClient client(scanning::parse_clamd_address(address()), std::chrono::seconds(5));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (client.ping() != "PONG") {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_ || std::chrono::steady_clock::now() > deadline) {
      std::ifstream log(dir_ + "/clamd.log");
      const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
      throw std::runtime_error("clamd did not start: " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

OwnClamd::~OwnClamd() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace marquee::testing

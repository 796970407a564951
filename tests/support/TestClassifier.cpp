#include "support/TestClassifier.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace marquee::testing {
namespace {

const std::string kDir = std::string(MARQUEE_SOURCE_DIR) + "/tools/classifier";

}  // namespace

std::string OwnClassifier::missing() {
  if (std::system("command -v node >/dev/null 2>&1") != 0) return "node is not installed (scripts/setup installs it)";
  if (!std::filesystem::exists(kDir + "/node_modules/nsfwjs")) {
    return "the classifier's npm packages are not installed: run tools/classifier/run --install-only";
  }
  return "";
}

OwnClassifier::OwnClassifier() {
  if (const std::string why = missing(); !why.empty()) throw std::runtime_error(why);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::string server = kDir + "/server.mjs";
  std::vector<char*> argv = {const_cast<char*>("node"), server.data(), const_cast<char*>("--port"),
                             const_cast<char*>("0"), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  const int spawned = ::posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    pid_ = -1;
    throw std::runtime_error("cannot start node");
  }
  // It prints "classifier listening on http://127.0.0.1:PORT/classify (…)" once the model is loaded.
  std::string printed;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const std::string marker = "listening on ";
  while (printed.find(" (", printed.find(marker) == std::string::npos ? printed.size() : printed.find(marker)) ==
         std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd ready{out[0], POLLIN, 0};
    char buffer[4096];
    ssize_t n = 0;
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0 ||
        (n = ::read(out[0], buffer, sizeof buffer)) <= 0) {
      ::close(out[0]);
      throw std::runtime_error("the classifier did not start; it printed: " + printed);
    }
    printed.append(buffer, static_cast<std::size_t>(n));
  }
  output_ = out[0];  // kept open till it stops: a write to a closed pipe would end node
  const auto from = printed.find(marker) + marker.size();
  url_ = printed.substr(from, printed.find(' ', from) - from);
}

OwnClassifier::~OwnClassifier() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (output_ >= 0) ::close(output_);
}

}  // namespace marquee::testing

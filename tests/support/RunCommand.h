#pragma once
// Runs a shell command line and returns its exit code and what it printed on stdout (add
// `2>&1` to the command for stderr too). For tests that drive the real binary.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace marquee::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

inline CommandResult run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace marquee::testing

#include "media/ChildProcess.h"

#include "core/Error.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

extern char** environ;

namespace marquee::media {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxLineBytes = 64 * 1024;
constexpr int kReapPollMs = 10;

void close_fd(int& fd) {
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

void set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

[[noreturn]] void throw_spawn_failure(const std::string& program, int error_number) {
  throw Error(ErrorCode::internal, "cannot start " + program + ": " + std::strerror(error_number));
}

// The executable posix_spawnp would run: argv[0] itself when it has a '/', else the first
// match on PATH. Empty when there is none.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    auto colon = dirs.find(':', start);
    std::string dir = dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return "";
}

}  // namespace

std::string ChildResult::describe() const {
  std::string text;
  if (timed_out) {
    text = "timed out after " + std::to_string(elapsed.count() / 1000) + " s";
  } else if (cancelled) {
    text = "cancelled";
  }
  std::string how;
  if (exit_code >= 0) {
    how = "exited with status " + std::to_string(exit_code);
  } else if (signal != 0) {
    how = "killed by signal " + std::to_string(signal);
  } else {
    how = "did not finish";
  }
  return text.empty() ? how : text + " (" + how + ")";
}

std::string ChildResult::last_stderr_line() const {
  std::string_view rest = stderr_tail;
  while (!rest.empty()) {
    auto newline = rest.find_last_of('\n');
    std::string_view line = newline == std::string_view::npos ? rest : rest.substr(newline + 1);
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(0, newline);
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    auto last = line.find_last_not_of(" \t\r");
    return std::string(line.substr(first, last - first + 1));
  }
  return {};
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, ChildOptions options)
    : options_(std::move(options)) {
  if (argv.empty()) throw Error(ErrorCode::internal, "ChildProcess needs a program to run");

  int stdout_pipe[2], stderr_pipe[2], wake_pipe[2];
  if (::pipe2(stdout_pipe, O_CLOEXEC) != 0) throw_spawn_failure(argv[0], errno);
  if (::pipe2(stderr_pipe, O_CLOEXEC) != 0) {
    int saved = errno;
    ::close(stdout_pipe[0]);
    ::close(stdout_pipe[1]);
    throw_spawn_failure(argv[0], saved);
  }
  if (::pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    int saved = errno;
    for (int fd : {stdout_pipe[0], stdout_pipe[1], stderr_pipe[0], stderr_pipe[1]}) ::close(fd);
    throw_spawn_failure(argv[0], saved);
  }
  stdout_fd_ = stdout_pipe[0];
  stderr_fd_ = stderr_pipe[0];
  wake_read_fd_ = wake_pipe[0];
  wake_write_fd_ = wake_pipe[1];

  // fork + exec rather than posix_spawn: the child must ask for SIGKILL when its parent
  // dies (PR_SET_PDEATHSIG), so a SIGKILLed worker never leaves an ffmpeg encoding behind.
  // Between fork and exec only async-signal-safe calls are made; the program path and the
  // argument vector are prepared before the fork.
  int spawn_error = 0;
  const bool batch_scheduling = options_.batch_scheduling;
  std::string program = resolve_program(argv[0]);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int exec_error_pipe[2];
  if (program.empty()) {
    spawn_error = ENOENT;
  } else if (::pipe2(exec_error_pipe, O_CLOEXEC) != 0) {
    spawn_error = errno;
  } else {
    pid_t parent = ::getpid();
    pid_t child = ::fork();
    if (child == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
      if (batch_scheduling) {
        const sched_param normal_priority{};
        ::sched_setscheduler(0, SCHED_BATCH, &normal_priority);  // best effort: runs as usual if refused
      }
      sigset_t empty_mask;
      sigemptyset(&empty_mask);
      ::sigprocmask(SIG_SETMASK, &empty_mask, nullptr);
      for (int signal_number : {SIGPIPE, SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2}) {
        ::signal(signal_number, SIG_DFL);
      }
      int null_fd = ::open("/dev/null", O_RDONLY);
      if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
      ::dup2(stdout_pipe[1], STDOUT_FILENO);
      ::dup2(stderr_pipe[1], STDERR_FILENO);
      ::execve(program.c_str(), args.data(), environ);
      int err = errno;
      ssize_t ignored = ::write(exec_error_pipe[1], &err, sizeof err);
      (void)ignored;
      ::_exit(127);
    }
    ::close(exec_error_pipe[1]);
    if (child < 0) {
      spawn_error = errno;
    } else {
      pid_ = child;
      int err = 0;
      ssize_t n;
      while ((n = ::read(exec_error_pipe[0], &err, sizeof err)) < 0 && errno == EINTR) {
      }
      if (n == static_cast<ssize_t>(sizeof err)) {  // exec failed: reap the child now
        spawn_error = err;
        int status = 0;
        while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
      }
    }
    ::close(exec_error_pipe[0]);
  }
  ::close(stdout_pipe[1]);
  ::close(stderr_pipe[1]);
  if (spawn_error != 0) {
    close_fd(stdout_fd_);
    close_fd(stderr_fd_);
    close_fd(wake_read_fd_);
    close_fd(wake_write_fd_);
    throw_spawn_failure(argv[0], spawn_error);
  }
  set_nonblocking(stdout_fd_);
  set_nonblocking(stderr_fd_);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    signal_group(SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
  close_fd(wake_read_fd_);
  close_fd(wake_write_fd_);
}

void ChildProcess::kill() {
  kill_requested_.store(true);
  if (wake_write_fd_ >= 0) {
    char byte = 1;
    [[maybe_unused]] auto written = ::write(wake_write_fd_, &byte, 1);
  }
}

void ChildProcess::signal_group(int signal_number) {
  if (pid_ <= 0 || reaped_) return;
  if (::kill(-pid_, signal_number) != 0) ::kill(pid_, signal_number);
}

void ChildProcess::take_stdout(std::string_view bytes, ChildResult& result) {
  if (!options_.on_stdout_line) {
    std::size_t room = options_.max_stdout_bytes - std::min(options_.max_stdout_bytes, result.stdout_data.size());
    if (bytes.size() > room) result.stdout_truncated = true;
    result.stdout_data.append(bytes.substr(0, std::min(room, bytes.size())));
    return;
  }
  while (!bytes.empty()) {
    auto newline = bytes.find('\n');
    if (newline == std::string_view::npos) {
      partial_line_.append(bytes);
      if (partial_line_.size() > kMaxLineBytes) flush_partial_line();
      return;
    }
    partial_line_.append(bytes.substr(0, newline));
    bytes.remove_prefix(newline + 1);
    flush_partial_line();
  }
}

void ChildProcess::flush_partial_line() {
  std::string line;
  line.swap(partial_line_);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  options_.on_stdout_line(line);
}

void ChildProcess::take_stderr(std::string_view bytes, ChildResult& result) {
  result.stderr_tail.append(bytes);
  std::size_t cap = options_.stderr_tail_bytes;
  if (result.stderr_tail.size() > 2 * cap) result.stderr_tail.erase(0, result.stderr_tail.size() - cap);
}

void ChildProcess::drain(int fd, bool is_stdout, ChildResult& result) {
  char buffer[16384];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      std::string_view bytes(buffer, static_cast<std::size_t>(n));
      if (is_stdout) {
        take_stdout(bytes, result);
      } else {
        take_stderr(bytes, result);
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (is_stdout) {
      if (options_.on_stdout_line && !partial_line_.empty()) flush_partial_line();
      close_fd(stdout_fd_);
    } else {
      close_fd(stderr_fd_);
    }
    return;
  }
}

void ChildProcess::pump(int timeout_ms, ChildResult& result) {
  pollfd fds[3];
  nfds_t count = 0;
  int stdout_slot = -1, stderr_slot = -1;
  if (stdout_fd_ >= 0) {
    stdout_slot = static_cast<int>(count);
    fds[count++] = pollfd{stdout_fd_, POLLIN, 0};
  }
  if (stderr_fd_ >= 0) {
    stderr_slot = static_cast<int>(count);
    fds[count++] = pollfd{stderr_fd_, POLLIN, 0};
  }
  int wake_slot = static_cast<int>(count);
  fds[count++] = pollfd{wake_read_fd_, POLLIN, 0};

  int ready = ::poll(fds, count, timeout_ms);
  if (ready <= 0) return;
  if (stdout_slot >= 0 && fds[stdout_slot].revents != 0) drain(stdout_fd_, true, result);
  if (stderr_slot >= 0 && fds[stderr_slot].revents != 0) drain(stderr_fd_, false, result);
  if (fds[wake_slot].revents != 0) {
    char sink[64];
    while (::read(wake_read_fd_, sink, sizeof sink) > 0) {
    }
  }
}

ChildResult ChildProcess::wait() {
  ChildResult result;
  const auto started = Clock::now();
  const bool has_deadline = options_.timeout.count() > 0;
  const auto deadline = started + options_.timeout;
  const auto poll_interval = std::max(options_.poll_interval, std::chrono::milliseconds(1));
  auto next_tick = started + poll_interval;
  std::optional<Clock::time_point> term_sent_at;
  bool kill_sent = false;

  while (!reaped_) {
    auto now = Clock::now();
    if (!term_sent_at) {
      bool stop = false;
      if (kill_requested_.load() || (options_.should_cancel && options_.should_cancel())) {
        result.cancelled = true;
        stop = true;
      } else if (has_deadline && now >= deadline) {
        result.timed_out = true;
        stop = true;
      }
      if (stop) {
        signal_group(SIGTERM);
        term_sent_at = now;
      }
    } else if (!kill_sent && now >= *term_sent_at + options_.kill_grace) {
      signal_group(SIGKILL);
      kill_sent = true;
    }

    auto wait_until = next_tick;
    if (has_deadline && !term_sent_at) wait_until = std::min(wait_until, deadline);
    if (term_sent_at && !kill_sent) wait_until = std::min(wait_until, *term_sent_at + options_.kill_grace);
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait_until - now).count();
    int timeout_ms = static_cast<int>(std::clamp<long long>(wait_ms, 0, 1000));
    if (stdout_fd_ < 0 && stderr_fd_ < 0) timeout_ms = std::min(timeout_ms, kReapPollMs);
    pump(timeout_ms, result);

    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
      if (stdout_fd_ >= 0) drain(stdout_fd_, true, result);
      if (stderr_fd_ >= 0) drain(stderr_fd_, false, result);
      if (options_.on_stdout_line && !partial_line_.empty()) flush_partial_line();
    } else if (done < 0 && errno != EINTR) {
      reaped_ = true;
    }

    now = Clock::now();
    if (!reaped_ && now >= next_tick) {
      next_tick = now + poll_interval;
      if (options_.on_tick) options_.on_tick();
    }
  }
  if (result.stderr_tail.size() > options_.stderr_tail_bytes) {
    result.stderr_tail.erase(0, result.stderr_tail.size() - options_.stderr_tail_bytes);
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  return result;
}

ChildResult run_child(const std::vector<std::string>& argv, ChildOptions options) {
  ChildProcess child(argv, std::move(options));
  return child.wait();
}

}  // namespace marquee::media

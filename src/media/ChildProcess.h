#pragma once
// ChildProcess runs one external program (ffmpeg, ffprobe) under supervision. The argv goes
// straight to execve — no shell ever sees it, so no file name can inject anything.
// The child gets /dev/null for stdin, its own process group, default signal dispositions and
// an empty signal mask; its stdout is either split into lines for a callback (ffmpeg's
// `-progress pipe:1`) or captured, and the last few KB of stderr are kept for error messages.
//
// wait() pumps the pipes until the child exits, its deadline passes, should_cancel() turns
// true or kill() is called from another thread; the last three send SIGTERM to the child's
// process group and SIGKILL after a grace period. The child is always reaped: by wait(), or
// by the destructor, which kills a child still running. A child outlives us only if this
// process itself is killed with SIGKILL.
//
// Thread safety: wait() and the callbacks run on the thread that calls wait(); kill() may be
// called from any thread while the ChildProcess exists. REQUIRES: SIGCHLD is not set to
// SIG_IGN in this process (the kernel would reap the child and lose its exit status).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::media {

struct ChildOptions {
  // Zero means no deadline.
  std::chrono::milliseconds timeout{0};
  // Time between SIGTERM and SIGKILL.
  std::chrono::milliseconds kill_grace{std::chrono::seconds(3)};
  // Polled every poll_interval; returning true stops the child as kill() does.
  std::function<bool()> should_cancel;
  // When set, stdout is delivered line by line (without the newline) instead of captured.
  std::function<void(std::string_view line)> on_stdout_line;
  // Called about every poll_interval while the child runs, e.g. to watch an output directory.
  std::function<void()> on_tick;
  std::chrono::milliseconds poll_interval{100};
  // Run the child under SCHED_BATCH: the kernel treats it as CPU-bound work that needs no
  // wakeup preemption, so an encoder's many threads stop preempting one another (and the
  // server's request threads) every time one of them wakes. Transcodes set it.
  bool batch_scheduling = false;
  std::size_t stderr_tail_bytes = 8192;
  // Captured stdout beyond this is dropped (and ChildResult::stdout_truncated set).
  std::size_t max_stdout_bytes = std::size_t{16} << 20;
};

struct ChildResult {
  int exit_code = -1;  // the exit status when the child exited, else -1
  int signal = 0;      // the signal that ended the child, else 0
  bool timed_out = false;
  bool cancelled = false;  // should_cancel() or kill() stopped it
  std::string stdout_data;  // empty when on_stdout_line was set
  bool stdout_truncated = false;
  std::string stderr_tail;
  std::chrono::milliseconds elapsed{0};

  bool succeeded() const { return exit_code == 0 && !timed_out && !cancelled; }
  // "exited with status 1", "timed out after 60 s (killed by signal 15)", …
  std::string describe() const;
  // The last non-empty line of stderr, trimmed; what an error message should quote.
  std::string last_stderr_line() const;
};

class ChildProcess {
 public:
  // Starts argv[0], looked up in PATH. Throws marquee::Error (internal) when it cannot.
  // REQUIRES: argv is not empty.
  explicit ChildProcess(const std::vector<std::string>& argv, ChildOptions options = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Runs until the child has exited and been reaped; call once. Exceptions thrown by the
  // callbacks propagate (the destructor then kills and reaps the child).
  ChildResult wait();
  // Asks the child to stop: SIGTERM now, SIGKILL after kill_grace. Safe from any thread.
  void kill();
  int pid() const { return pid_; }

 private:
  void signal_group(int signal_number);
  void pump(int timeout_ms, ChildResult& result);
  void drain(int fd, bool is_stdout, ChildResult& result);
  void take_stdout(std::string_view bytes, ChildResult& result);
  void take_stderr(std::string_view bytes, ChildResult& result);
  void flush_partial_line();

  ChildOptions options_;
  int pid_ = -1;
  bool reaped_ = false;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  int wake_read_fd_ = -1;
  int wake_write_fd_ = -1;
  std::atomic<bool> kill_requested_{false};
  std::string partial_line_;
};

// Spawns argv, waits for it and returns how it ended.
ChildResult run_child(const std::vector<std::string>& argv, ChildOptions options = {});

}  // namespace marquee::media

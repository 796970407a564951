// ChildProcess: argv reaches the program untouched, output is captured or streamed, and
// every way a child can end (exit, deadline, cancel, kill, destruction) leaves no process.
#include "MediaFixtures.h"

#include "core/Error.h"
#include "media/ChildProcess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <thread>

namespace marquee::media {
namespace {

using namespace std::chrono_literals;

bool is_child(pid_t pid) {
  auto children = testing::child_processes();
  return std::find(children.begin(), children.end(), pid) != children.end();
}

TEST(ChildProcess, reports_exit_status_stdout_and_stderr) {
  ChildResult result = run_child({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.signal, 0);
  EXPECT_FALSE(result.succeeded());
  EXPECT_EQ(result.stdout_data, "out\n");
  EXPECT_EQ(result.stderr_tail, "err\n");
  EXPECT_EQ(result.last_stderr_line(), "err");
  EXPECT_EQ(result.describe(), "exited with status 3");
}

TEST(ChildProcess, passes_arguments_literally_without_a_shell) {
  const std::string marker = (testing::scratch_dir() / "injected").string();
  std::vector<std::string> hostile{"a b", "$(touch " + marker + ")", "; touch " + marker, "`id`", "'\"", "", "*"};
  std::vector<std::string> argv{"printf", "[%s]\\n"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  ChildResult result = run_child(argv);
  ASSERT_TRUE(result.succeeded()) << result.stderr_tail;
  std::string expected;
  for (const auto& arg : hostile) expected += "[" + arg + "]\n";
  EXPECT_EQ(result.stdout_data, expected);
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(ChildProcess, streams_stdout_lines_including_a_final_partial_line) {
  std::vector<std::string> lines;
  ChildOptions options;
  options.on_stdout_line = [&](std::string_view line) { lines.emplace_back(line); };
  ChildResult result = run_child({"printf", "one\ntwo\r\n\nthree"}, options);
  ASSERT_TRUE(result.succeeded());
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "", "three"}));
  EXPECT_TRUE(result.stdout_data.empty());
}

TEST(ChildProcess, keeps_only_the_tail_of_a_long_stderr) {
  ChildOptions options;
  options.stderr_tail_bytes = 1024;
  ChildResult result = run_child({"sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line $i >&2; i=$((i+1)); done; echo the end >&2"},
                                 options);
  ASSERT_TRUE(result.succeeded());
  EXPECT_LE(result.stderr_tail.size(), 1024u);
  EXPECT_EQ(result.last_stderr_line(), "the end");
  EXPECT_NE(result.stderr_tail.find("line 2999\n"), std::string::npos);
}

TEST(ChildProcess, deadline_terminates_the_child) {
  ChildOptions options;
  options.timeout = 200ms;
  ChildResult result = run_child({"sleep", "30"}, options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_FALSE(result.succeeded());
  EXPECT_EQ(result.signal, SIGTERM);
  EXPECT_LT(result.elapsed, 20s);
  EXPECT_NE(result.describe().find("timed out"), std::string::npos);
}

TEST(ChildProcess, a_child_ignoring_sigterm_is_killed_after_the_grace_period) {
  const auto before = testing::child_processes();
  ChildOptions options;
  options.timeout = 200ms;
  options.kill_grace = 300ms;
  // The shell and its sleep both ignore SIGTERM; the whole process group gets SIGKILL.
  ChildResult result = run_child({"sh", "-c", "trap '' TERM; sleep 30; sleep 30"}, options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_LT(result.elapsed, 20s);
  EXPECT_TRUE(testing::new_children(before).empty());
}

TEST(ChildProcess, cancel_predicate_stops_the_child) {
  std::atomic<bool> cancel{false};
  ChildOptions options;
  options.poll_interval = 20ms;
  options.should_cancel = [&] { return cancel.load(); };
  std::thread canceller([&] {
    std::this_thread::sleep_for(150ms);
    cancel = true;
  });
  ChildResult result = run_child({"sleep", "30"}, options);
  canceller.join();
  EXPECT_TRUE(result.cancelled);
  EXPECT_FALSE(result.timed_out);
  EXPECT_LT(result.elapsed, 20s);
}

TEST(ChildProcess, kill_from_another_thread_stops_the_child) {
  ChildProcess child({"sleep", "30"});
  const int pid = child.pid();
  std::thread killer([&] {
    std::this_thread::sleep_for(100ms);
    child.kill();
  });
  ChildResult result = child.wait();
  killer.join();
  EXPECT_TRUE(result.cancelled);
  EXPECT_EQ(result.signal, SIGTERM);
  EXPECT_FALSE(is_child(pid));
}

TEST(ChildProcess, destroying_a_running_child_kills_and_reaps_it) {
  int pid = 0;
  {
    ChildProcess child({"sleep", "30"});
    pid = child.pid();
    EXPECT_TRUE(is_child(pid));
  }
  EXPECT_FALSE(is_child(pid));
}

TEST(ChildProcess, ticks_while_the_child_runs) {
  int ticks = 0;
  ChildOptions options;
  options.poll_interval = 20ms;
  options.on_tick = [&] { ++ticks; };
  ChildResult result = run_child({"sleep", "0.3"}, options);
  EXPECT_TRUE(result.succeeded());
  EXPECT_GE(ticks, 3);
}

TEST(ChildProcess, batch_scheduling_runs_the_child_as_sched_batch) {
  // Field 41 of /proc/PID/stat is the scheduling policy: 0 SCHED_OTHER, 3 SCHED_BATCH.
  const std::vector<std::string> policy_of_self{"sh", "-c", "cut -d' ' -f41 /proc/$$/stat"};
  ChildOptions batch;
  batch.batch_scheduling = true;
  EXPECT_EQ(run_child(policy_of_self, batch).stdout_data, "3\n");
  EXPECT_EQ(run_child(policy_of_self).stdout_data, "0\n");
}

TEST(ChildProcess, a_missing_program_is_an_error_not_a_crash) {
  const auto before = testing::child_processes();
  EXPECT_THROW(run_child({"/nonexistent/marquee-no-such-program"}), Error);
  EXPECT_TRUE(testing::new_children(before).empty());
}

TEST(ChildProcess, many_runs_leave_no_zombies) {
  const auto before = testing::child_processes();
  for (int i = 0; i < 20; ++i) {
    ChildResult result = run_child({"true"});
    EXPECT_TRUE(result.succeeded());
  }
  EXPECT_TRUE(testing::new_children(before).empty());
}

}  // namespace
}  // namespace marquee::media

#include "MediaFixtures.h"

#include "media/ChildProcess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <unistd.h>

namespace marquee::media::testing {
namespace {

namespace fs = std::filesystem;

struct ScratchDir {
  ScratchDir() {
    path = fs::temp_directory_path() / ("marquee-media-test-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path path;
};

}  // namespace

const fs::path& scratch_dir() {
  static ScratchDir dir;
  return dir.path;
}

fs::path unique_path(const std::string& prefix) {
  static std::mt19937_64 random{std::random_device{}()};
  for (;;) {
    fs::path candidate = scratch_dir() / (prefix + "-" + std::to_string(random() % 1000000000));
    if (!fs::exists(candidate)) return candidate;
  }
}

void run_ffmpeg(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ffmpeg", "-nostdin", "-v", "error", "-y"};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildOptions options;
  options.timeout = std::chrono::seconds(120);
  ChildResult result = run_child(argv, options);
  ASSERT_TRUE(result.succeeded()) << result.describe() << "\n" << result.stderr_tail;
}

fs::path fixture(const std::string& name, const std::vector<std::string>& args_before_output) {
  static std::mutex mutex;
  static std::map<std::string, fs::path> made;
  std::lock_guard lock(mutex);
  if (auto it = made.find(name); it != made.end()) return it->second;
  fs::path path = scratch_dir() / name;
  std::vector<std::string> args = args_before_output;
  args.push_back(path.string());
  run_ffmpeg(args);
  made[name] = path;
  return path;
}

fs::path video_with_audio(int width, int height, int seconds, int fps) {
  std::string size = std::to_string(width) + "x" + std::to_string(height);
  return fixture("av-" + size + "-" + std::to_string(seconds) + "s-" + std::to_string(fps) + "fps.mp4",
                 {"-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + std::to_string(fps), "-f", "lavfi", "-i",
                  "sine=frequency=440:sample_rate=48000", "-t", std::to_string(seconds), "-c:v", "libx264", "-preset",
                  "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2"});
}

fs::path video_without_audio(int width, int height, int seconds) {
  std::string size = std::to_string(width) + "x" + std::to_string(height);
  return fixture("v-" + size + "-" + std::to_string(seconds) + "s.mp4",
                 {"-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30", "-t", std::to_string(seconds), "-c:v",
                  "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"});
}

std::string ffprobe_json(const fs::path& path, const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv{"ffprobe", "-v", "error", "-print_format", "json"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  argv.push_back(path.string());
  ChildOptions options;
  options.timeout = std::chrono::seconds(60);
  ChildResult result = run_child(argv, options);
  EXPECT_TRUE(result.succeeded()) << result.describe() << "\n" << result.stderr_tail;
  return result.stdout_data;
}

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::string gray_pixels(const fs::path& path) {
  ChildOptions options;
  options.timeout = std::chrono::seconds(60);
  ChildResult result = run_child({"ffmpeg", "-nostdin", "-v", "error", "-i", path.string(), "-frames:v", "1", "-vf",
                                  "scale=64:64,format=gray", "-f", "rawvideo", "pipe:1"},
                                 options);
  EXPECT_TRUE(result.succeeded()) << result.stderr_tail;
  return result.stdout_data;
}

std::vector<pid_t> child_processes() {
  std::vector<pid_t> children;
  const pid_t self = ::getpid();
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = read_text(entry.path() / "stat");
    auto close_paren = stat.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream fields(stat.substr(close_paren + 2));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (parent == self) children.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return children;
}

std::vector<pid_t> new_children(const std::vector<pid_t>& before) {
  std::vector<pid_t> added;
  for (pid_t pid : child_processes()) {
    if (std::find(before.begin(), before.end(), pid) == before.end()) added.push_back(pid);
  }
  return added;
}

}  // namespace marquee::media::testing

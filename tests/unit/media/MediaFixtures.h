#pragma once
// Media fixtures for the media tests, generated at test time with ffmpeg's lavfi sources
// into one temporary directory per test run (removed at exit); nothing is committed.
// Each fixture is made once per run and shared by the tests that use it.
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace marquee::media::testing {

// The run's scratch directory.
const std::filesystem::path& scratch_dir();
// A new empty-named path inside scratch_dir() that does not exist yet.
std::filesystem::path unique_path(const std::string& prefix);

// Runs ffmpeg (no shell) with `-nostdin -v error -y` prepended; fails the test on error.
void run_ffmpeg(const std::vector<std::string>& args);
// Makes `name` in scratch_dir() from ffmpeg args ending just before the output path; cached.
std::filesystem::path fixture(const std::string& name, const std::vector<std::string>& args_before_output);

// Common sources.
std::filesystem::path video_with_audio(int width, int height, int seconds, int fps = 30);
std::filesystem::path video_without_audio(int width, int height, int seconds);

// ffprobe's JSON for a file, as text (fails the test if ffprobe does).
std::string ffprobe_json(const std::filesystem::path& path, const std::vector<std::string>& extra_args = {});
std::string read_text(const std::filesystem::path& path);
// 64×64 gray pixels of the first frame of an image or video.
std::string gray_pixels(const std::filesystem::path& path);

// Processes whose parent is this process (zombies included).
std::vector<pid_t> child_processes();
// Children of this process that were not in `before`.
std::vector<pid_t> new_children(const std::vector<pid_t>& before);

}  // namespace marquee::media::testing

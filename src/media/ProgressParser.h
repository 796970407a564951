#pragma once
// ProgressParser turns ffmpeg's `-progress` output (blocks of key=value lines, each closed
// by progress=continue or progress=end) into a percentage of the source duration. It is
// fed one line at a time, ignores anything it does not understand, never goes backwards,
// and reaches 100 only with progress=end.
//
// ffmpeg 5.1 prints no progress block until every output file has written its header, and
// the storyboard sheet's output writes its header only once its first sheet is full (30 s
// of source): the position is therefore also fed from what the growing HLS playlists have
// published (feed_position_us), and the furthest of the two counts.
#include <cstdint>
#include <optional>
#include <string_view>

namespace marquee::media {

class ProgressParser {
 public:
  explicit ProgressParser(std::int64_t duration_ms) : duration_ms_(duration_ms) {}

  // Returns the new percentage when this line closed a block that moved it forward.
  std::optional<int> feed_line(std::string_view line);
  // Another witness of the position reached (media published so far); same return.
  std::optional<int> feed_position_us(std::int64_t position_us);

  int percent() const { return percent_; }
  bool finished() const { return finished_; }
  // The furthest output timestamp seen, in microseconds.
  std::int64_t out_time_us() const { return out_time_us_; }

 private:
  std::optional<int> advance_to(std::int64_t position_us);

  std::int64_t duration_ms_;
  std::int64_t out_time_us_ = 0;
  std::optional<std::int64_t> block_time_us_;
  int percent_ = 0;
  bool finished_ = false;
};

// "00:01:02.500000" → 62500000; nullopt for "N/A" and junk.
std::optional<std::int64_t> parse_ffmpeg_clock_us(std::string_view text);

}  // namespace marquee::media

#include "media/ProgressParser.h"

#include <algorithm>
#include <charconv>

namespace marquee::media {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_ffmpeg_clock_us(std::string_view text) {
  text = trim(text);
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  auto first_colon = text.find(':');
  auto second_colon = first_colon == std::string_view::npos ? first_colon : text.find(':', first_colon + 1);
  if (second_colon == std::string_view::npos) return std::nullopt;
  auto hours = parse_integer(text.substr(0, first_colon));
  auto minutes = parse_integer(text.substr(first_colon + 1, second_colon - first_colon - 1));
  std::string_view seconds_text = text.substr(second_colon + 1);
  auto dot = seconds_text.find('.');
  auto seconds = parse_integer(seconds_text.substr(0, dot));
  std::int64_t micros = 0;
  if (dot != std::string_view::npos) {
    std::string_view fraction = seconds_text.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 9) return std::nullopt;
    auto digits = parse_integer(fraction);
    if (!digits || *digits < 0) return std::nullopt;
    micros = *digits;
    for (std::size_t i = fraction.size(); i < 6; ++i) micros *= 10;
    for (std::size_t i = 6; i < fraction.size(); ++i) micros /= 10;
  }
  // At most a million hours, so the microseconds fit (scripts/fuzz found 11111117176:10:0
  // overflowing them: tests/fuzz/regressions/ffprobe/clock-hours-overflow).
  if (!hours || !minutes || !seconds || *hours < 0 || *hours > 1'000'000 || *minutes < 0 || *minutes > 59 ||
      *seconds < 0 || *seconds > 59) {
    return std::nullopt;
  }
  std::int64_t total = ((*hours * 60 + *minutes) * 60 + *seconds) * 1'000'000 + micros;
  return negative ? -total : total;
}

std::optional<int> ProgressParser::feed_line(std::string_view line) {
  line = trim(line);
  auto equals = line.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  std::string_view key = trim(line.substr(0, equals));
  std::string_view value = trim(line.substr(equals + 1));

  // out_time_ms is microseconds too (a long-standing ffmpeg quirk); out_time_us is preferred.
  if (key == "out_time_us" || key == "out_time_ms") {
    if (auto micros = parse_integer(value); micros && *micros >= 0) {
      if (key == "out_time_us" || !block_time_us_) block_time_us_ = *micros;
    }
    return std::nullopt;
  }
  if (key == "out_time") {
    if (auto micros = parse_ffmpeg_clock_us(value); micros && *micros >= 0 && !block_time_us_) block_time_us_ = *micros;
    return std::nullopt;
  }
  if (key != "progress") return std::nullopt;

  const std::int64_t position = block_time_us_.value_or(out_time_us_);
  block_time_us_.reset();
  if (value == "end") {
    out_time_us_ = std::max(out_time_us_, position);
    finished_ = true;
    if (percent_ == 100) return std::nullopt;
    percent_ = 100;
    return percent_;
  }
  return advance_to(position);
}

std::optional<int> ProgressParser::feed_position_us(std::int64_t position_us) {
  if (finished_ || position_us < 0) return std::nullopt;
  return advance_to(position_us);
}

std::optional<int> ProgressParser::advance_to(std::int64_t position_us) {
  out_time_us_ = std::max(out_time_us_, position_us);
  if (duration_ms_ <= 0 || finished_) return std::nullopt;
  std::int64_t computed = out_time_us_ / 10 / duration_ms_;
  int next = std::max(percent_, static_cast<int>(std::clamp<std::int64_t>(computed, 0, 99)));
  if (next == percent_) return std::nullopt;
  percent_ = next;
  return percent_;
}

}  // namespace marquee::media

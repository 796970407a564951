// ffprobe's JSON about an uploaded file (what a hostile container makes ffprobe say), and
// ffmpeg's -progress lines.
#include "FuzzSupport.h"
#include "media/ProgressParser.h"
#include "media/Probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view text = fuzz::bytes_of(data, size);
  media::ProbeOptions options;
  options.max_duration_ms = 4ll * 3600 * 1000;
  fuzz::refusal_is_fine([&] { (void)media::parse_probe_output(text, options); });
  fuzz::refusal_is_fine([&] { (void)media::parse_rational(text); });
  media::ProgressParser progress(60'000);
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    if (auto percent = progress.feed_line(rest.substr(0, end))) fuzz::require(*percent >= 0 && *percent <= 100);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return 0;
}

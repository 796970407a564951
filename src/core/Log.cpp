#include "core/Log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/Error.h"
#include "core/LogSafe.h"

namespace marquee {
namespace {

// %* : the message, made safe for its log style (see LogSafe.h): no client-chosen byte can
// end a line, forge a field or reach the terminal as a control.
class SafeMessage final : public spdlog::custom_flag_formatter {
 public:
  explicit SafeMessage(LogStyle style) : style_(style) {}
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    thread_local std::string escaped;
    escaped.clear();
    append_log_safe(escaped, std::string_view(msg.payload.data(), msg.payload.size()), style_);
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<SafeMessage>(style_); }

 private:
  LogStyle style_;
};

}  // namespace

void init_logging(const std::string& format, const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("marquee");
  if (format == "json") {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<SafeMessage>('*', LogStyle::json)
        .set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"msg":"%*"})");
    logger->set_formatter(std::move(formatter));
  } else if (format == "text") {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<SafeMessage>('*', LogStyle::text).set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %*");
    logger->set_formatter(std::move(formatter));
  } else {
    throw Error(ErrorCode::validation_failed, "log_format must be text or json");
  }
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw Error(ErrorCode::validation_failed, "unknown log_level " + level);
  }
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

}  // namespace marquee

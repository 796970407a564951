#include "studio/HttpClipGenerator.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/Crypto.h"
#include "core/Error.h"
#include "media/Probe.h"
#include "net/HttpClient.h"

namespace marquee::studio {
namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Sleeps up to `delay`, waking when the job is cancelled; false when it was.
bool pause(std::chrono::milliseconds delay, const std::stop_token& cancel) {
  const auto until = Clock::now() + delay;
  while (Clock::now() < until) {
    if (cancel.stop_requested()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(std::chrono::milliseconds(50), delay));
  }
  return !cancel.stop_requested();
}

[[noreturn]] void stopped() { throw Error(ErrorCode::unavailable, "the clip's generation was stopped"); }

}  // namespace

GeneratedClip HttpClipGenerator::generate(const ClipRequest& request, std::stop_token cancel,
                                          const std::function<void(double)>& progress) {
  if (options_.url.empty()) throw Error(ErrorCode::unavailable, "the hosted generator has no URL (studio.generator_url)");
  const auto deadline = Clock::now() + options_.timeout;
  // One call with retries: transport failures, 429 and 5xx are tried again with backoff.
  auto call = [&](net::HttpCall http) {
    std::chrono::milliseconds backoff(500);
    for (int attempt = 1;; ++attempt) {
      if (cancel.stop_requested()) stopped();
      try {
        auto reply = net::send_http(http);
        if (reply.status != 429 && reply.status < 500) return reply;
        if (attempt >= options_.attempts) {
          throw Error(ErrorCode::unavailable, "the generator answered " + std::to_string(reply.status));
        }
      } catch (const Error& e) {
        if (e.code() != ErrorCode::unavailable || attempt >= options_.attempts) throw;
        spdlog::warn("studio: the hosted generator: {} (try {} of {})", e.what(), attempt, options_.attempts);
      }
      if (!pause(backoff, cancel)) stopped();
      backoff *= 2;
    }
  };
  auto json_of = [](const net::HttpReply& reply) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(reply.body, ec);
    if (ec || !doc.is_object()) throw Error(ErrorCode::unavailable, "the generator's answer is not a JSON object");
    return doc.as_object();
  };
  auto text_at = [](const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer " + options_.key}};

  boost::json::object task{{"image", crypto::base64_encode(read_file(request.photo_path))},
                           {"prompt", request.prompt},
                           {"system_prompt", options_.system_prompt()},
                           {"model", options_.model()},
                           {"motion", std::string(motion_name(request.motion))},
                           {"duration_ms", request.duration_ms},
                           {"width", request.width},
                           {"height", request.height},
                           {"frame_rate", request.frame_rate}};
  net::HttpCall submit;
  submit.method = "POST";
  submit.url = options_.url + "/clips";
  submit.headers = auth;
  submit.headers.emplace_back("Content-Type", "application/json");
  submit.body = boost::json::serialize(task);
  const auto submitted = call(submit);
  if (submitted.status < 200 || submitted.status > 202) {
    throw Error(ErrorCode::unprocessable, "the generator refused the clip (" + std::to_string(submitted.status) + ")");
  }
  auto state = json_of(submitted);
  const std::string id = text_at(state, "id");
  if (id.empty() || id.find_first_of("/?#") != std::string::npos) {
    throw Error(ErrorCode::unavailable, "the generator's task has no usable id");
  }

  while (text_at(state, "status") != "succeeded") {
    const std::string status = text_at(state, "status");
    if (status == "failed") {
      const std::string why = text_at(state, "error");
      throw Error(ErrorCode::unprocessable, "the generator could not make the clip" + (why.empty() ? "" : ": " + why.substr(0, 300)));
    }
    if (const auto* p = state.if_contains("progress"); p && p->is_number() && progress) {
      progress(std::clamp(p->to_number<double>(), 0.0, 0.99));
    }
    if (Clock::now() >= deadline) throw Error(ErrorCode::unprocessable, "the generator took too long");
    if (!pause(options_.poll_interval, cancel)) stopped();
    net::HttpCall poll;
    poll.url = options_.url + "/clips/" + id;
    poll.headers = auth;
    const auto reply = call(poll);
    if (reply.status != 200) throw Error(ErrorCode::unavailable, "the generator lost the task (" + std::to_string(reply.status) + ")");
    state = json_of(reply);
  }

  const std::string video_url = text_at(state, "video_url");
  if (!video_url.starts_with("http://") && !video_url.starts_with("https://")) {
    throw Error(ErrorCode::unavailable, "the generator's result has no http(s) video_url");
  }
  net::HttpCall fetch;
  fetch.url = video_url;
  fetch.max_response_bytes = options_.max_clip_bytes;
  fetch.timeout = std::chrono::minutes(5);
  const auto video = call(fetch);
  if (video.status != 200 || video.body.empty()) {
    throw Error(ErrorCode::unavailable, "the generator's clip could not be fetched (" + std::to_string(video.status) + ")");
  }
  {
    std::ofstream out(request.output_path, std::ios::binary);
    out.write(video.body.data(), static_cast<std::streamsize>(video.body.size()));
    if (!out.flush()) throw Error(ErrorCode::insufficient_storage, "studio: cannot write the generator's clip");
  }
  media::MediaInfo info;
  try {
    info = media::probe_media(request.output_path);  // a video ffmpeg reads, or nothing is kept
  } catch (const Error& e) {
    std::filesystem::remove(request.output_path);
    throw Error(ErrorCode::unprocessable, std::string("the generator's clip is not a usable video: ") + e.what());
  }
  return GeneratedClip{info.duration_ms, static_cast<std::uint64_t>(video.body.size())};
}

}  // namespace marquee::studio

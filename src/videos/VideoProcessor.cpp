#include "videos/VideoProcessor.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "core/Error.h"
#include "media/Images.h"
#include "media/LadderPlan.h"
#include "media/Probe.h"
#include "media/Transcoder.h"
#include "videos/LadderUploader.h"
#include "videos/VideoEvents.h"

namespace marquee::videos {
namespace fs = std::filesystem;

namespace {

std::string video_id_of(const std::string& payload) {
  boost::system::error_code ec;
  auto value = boost::json::parse(payload, ec);
  if (ec || !value.is_object() || !value.as_object().contains("video_id") ||
      !value.as_object().at("video_id").is_string()) {
    throw Error(ErrorCode::validation_failed, "transcode job payload needs video_id");
  }
  return std::string(value.as_object().at("video_id").as_string());
}

// Renditions as the player sees them, from the plan (before measuring) or the result.
std::vector<Rendition> planned_renditions(const media::LadderPlan& plan) {
  std::vector<Rendition> out;
  for (const auto& rung : plan.rungs) {
    std::int64_t bits = (static_cast<std::int64_t>(rung.maxrate_kbps) + rung.audio_bitrate_kbps) * 1000;
    out.push_back({rung.name, rung.width, rung.height, bits, bits, rung.codecs, rung.name + "/index.m3u8"});
  }
  return out;
}

std::vector<Rendition> measured_renditions(const media::LadderPlan& plan, const media::TranscodeResult& result) {
  std::vector<Rendition> out;
  std::int64_t audio_peak = result.audio ? result.audio->peak_bandwidth_bps : 0;
  std::int64_t audio_avg = result.audio ? result.audio->average_bandwidth_bps : 0;
  for (const auto& r : result.renditions) {
    std::string codecs = r.codecs;
    if (result.audio && !result.audio->codecs.empty()) codecs += "," + result.audio->codecs;
    out.push_back({r.name, r.width, r.height, r.peak_bandwidth_bps + audio_peak, r.average_bandwidth_bps + audio_avg,
                   codecs, r.playlist});
  }
  if (out.empty()) return planned_renditions(plan);
  return out;
}

}  // namespace

VideoProcessor::VideoProcessor(VideoService& videos, blob::BlobStore& blobs, jobs::JobQueue& queue,
                               events::EventBus& bus, ProcessingOptions options)
    : videos_(videos), blobs_(blobs), queue_(queue), options_(std::move(options)) {
  // The node that deleted the video cleans up once: jobs and blobs are shared by every node.
  deleted_ = bus.subscribe(kVideoDeleted, [this, &bus](const events::Event& event) {
    if (event.origin == bus.node_id()) discard(event.subject);
  });
  fs::create_directories(options_.work_root);
  queue_.watch(kTranscodeJob, {.on_dead = [this](const jobs::Job& job) { gave_up(job); },
                               .on_requeued = [this](const jobs::Job& job) { requeued(job); }});
}

// A video is never left queued, processing or playable behind a dead job: it fails with a
// reason its owner can read (the job keeps the technical detail for admins).
void VideoProcessor::gave_up(const jobs::Job& job) {
  const std::string video_id = job.subject.value_or("");
  auto video = video_id.empty() ? std::nullopt : videos_.find(video_id);
  // Only a video waiting on its transcode: one that failed, is ready, or started over with a
  // new upload (uploading, draft) is not this job's to settle.
  if (!video || (video->status != VideoStatus::queued && video->status != VideoStatus::processing &&
                 video->status != VideoStatus::playable)) {
    return;
  }
  for (auto state : {jobs::JobState::queued, jobs::JobState::running}) {
    jobs::JobFilter live;
    live.state = state;
    live.kind = kTranscodeJob;
    live.subject = video_id;
    live.limit = 1;
    if (!queue_.list(live).items.empty()) return;  // another job of this video is on its way
  }
  spdlog::warn("video {} failed: transcode job {} is dead after {} attempts: {}", video_id, job.id, job.attempts,
               job.last_error.value_or("no error recorded"));
  videos_.set_status(video_id, VideoStatus::failed,
                     "Processing failed after " + std::to_string(job.attempts) +
                         " attempts. An administrator can retry it.");
  std::error_code ec;
  fs::remove_all(work_dir(video_id), ec);
}

void VideoProcessor::settle_dead_jobs() {
  jobs::JobFilter filter;
  filter.state = jobs::JobState::dead;
  filter.kind = kTranscodeJob;
  filter.limit = jobs::kMaxJobPageSize;
  do {
    auto page = queue_.list(filter);
    for (const auto& job : page.items) gave_up(job);
    filter.cursor = page.next_cursor;
  } while (filter.cursor);
}

void VideoProcessor::requeued(const jobs::Job& job) {
  const std::string video_id = job.subject.value_or("");
  auto video = video_id.empty() ? std::nullopt : videos_.find(video_id);
  if (!video || video->status != VideoStatus::failed) return;  // only a video this job had failed
  videos_.set_progress(video_id, 0);
  videos_.set_status(video_id, VideoStatus::queued);
}

void VideoProcessor::enqueue(const std::string& video_id) {
  jobs::EnqueueOptions options;
  options.subject = video_id;
  options.max_attempts = options_.max_attempts;
  queue_.enqueue(kTranscodeJob, boost::json::serialize(boost::json::object{{"video_id", video_id}}), options);
  videos_.set_status(video_id, VideoStatus::queued);
}

void VideoProcessor::run(jobs::JobContext& context) {
  std::string video_id = video_id_of(context.payload());
  try {
    process(video_id, context);
  } catch (const media::TranscodeCancelled&) {
    spdlog::info("transcode of {} cancelled", video_id);
    std::error_code ec;
    fs::remove_all(work_dir(video_id), ec);
  } catch (const Error& e) {
    std::error_code ec;
    fs::remove_all(work_dir(video_id), ec);
    if (e.code() == ErrorCode::unprocessable) {
      // The source itself is the problem: tell the owner; retrying changes nothing.
      std::string reason = e.what();
      auto tail = e.details().find("stderr_tail");
      spdlog::warn("video {} failed: {}{}", video_id, reason,
                   tail == e.details().end() ? "" : " — ffmpeg said: " + tail->second);
      videos_.set_status(video_id, VideoStatus::failed, reason);
      return;
    }
    throw;
  }
}

bool VideoProcessor::screen(const Video& video, const std::string& source_path) {
  for (const auto& check : screens_) {
    const ScreenVerdict verdict = check(video, source_path);
    if (!apply(video, verdict)) {
      refuse(video.id, verdict.reason);
      return false;
    }
  }
  return true;
}

bool VideoProcessor::apply(const Video& video, const ScreenVerdict& verdict) {
  if (verdict.action == ScreenVerdict::Action::reject) return false;
  if (verdict.restrict_age) {
    spdlog::info("video {} age-restricted: {}", video.id, verdict.reason);
    videos_.set_age_restriction(video.id, true);
  }
  if (verdict.action == ScreenVerdict::Action::hold) videos_.hold_for_review(video.id, verdict.reason);
  return true;
}

void VideoProcessor::refuse(const std::string& video_id, const std::string& reason) {
  spdlog::warn("video {} refused: {}", video_id, reason);
  blobs_.remove_prefix(blob::blob_keys::video_prefix(video_id));  // nothing of it is kept
  videos_.set_status(video_id, VideoStatus::failed, reason);
}

void VideoProcessor::screen_frames(const std::string& video_id, const std::string& luma_path, bool complete) {
  if (frame_screens_.empty()) return;
  auto video = videos_.find(video_id);
  if (!video) return;
  for (const auto& check : frame_screens_) {
    const ScreenVerdict verdict = check(*video, luma_path, complete);
    if (verdict.action != ScreenVerdict::Action::pass && video->moderation != Moderation::held) {
      spdlog::warn("video {}: {}", video_id, verdict.reason);
      videos_.hold_for_review(video_id, verdict.reason);
      return;
    }
  }
}

void VideoProcessor::process(const std::string& video_id, jobs::JobContext& context) {
  auto video = videos_.find(video_id);
  if (!video) return;  // deleted meanwhile: nothing to do
  if (video->status == VideoStatus::ready) return;  // a re-delivered job after success
  const auto started = std::chrono::steady_clock::now();

  std::string work = work_dir(video_id);
  std::error_code ec;
  fs::remove_all(work, ec);  // a previous attempt's leftovers
  fs::create_directories(work);

  // The source: read in place from a local store, else fetched into the work dir.
  std::string source_key = blob::blob_keys::source(video_id);
  std::string source;
  if (auto local = blobs_.local_path(source_key); local && fs::exists(*local)) {
    source = *local;
  } else {
    source = work + "/source";
    blobs_.get_to_file(source_key, source);
  }

  videos_.set_status(video_id, VideoStatus::processing);
  videos_.set_progress(video_id, 0);
  if (!screen(*video, source)) {
    fs::remove_all(work, ec);
    return;
  }

  // Screens beside the encode start now; their verdicts are in before the video turns playable.
  std::future<std::vector<ScreenVerdict>> beside;
  if (!beside_screens_.empty()) {
    beside = std::async(std::launch::async, [this, video = *video, source] {
      std::vector<ScreenVerdict> verdicts;
      for (const auto& check : beside_screens_) verdicts.push_back(check(video, source));
      return verdicts;
    });
  }
  std::optional<std::string> refusal;  // a beside screen's, once known
  std::atomic<bool> refused{false};
  auto settle_beside = [&] {  // false when refused; idempotent
    if (beside.valid()) {
      for (const ScreenVerdict& verdict : beside.get()) {
        if (!apply(*video, verdict) && !refusal) refusal = verdict.reason;
      }
      refused = refusal.has_value();
    }
    return !refusal;
  };

  media::ProbeOptions probe_options;
  probe_options.max_duration_ms = static_cast<std::int64_t>(options_.max_duration_s) * 1000;
  media::MediaInfo info = media::probe_media(source, probe_options);

  media::LadderOptions ladder_options;
  ladder_options.preset = options_.preset;
  media::LadderPlan plan = media::plan_ladder(info, ladder_options);

  int reported = -1;
  auto last_report = std::chrono::steady_clock::now() - std::chrono::seconds(10);
  media::TranscodeOptions options;
  options.should_cancel = [&context, &refused] { return context.cancelled() || refused.load(); };
  options.on_progress = [&](int percent) {
    auto now = std::chrono::steady_clock::now();
    // Leave 100 for when the images are done and everything is published.
    int shown = std::min(percent, 95);
    if (shown > reported && (now - last_report > std::chrono::milliseconds(500) || shown == 95)) {
      videos_.set_progress(video_id, shown);
      reported = shown;
      last_report = now;
    }
  };
  // A remote store gets the ladder while it grows, so nodes other than this one can play it.
  std::optional<LadderUploader> uploader;
  if (!blobs_.local_path(source_key)) {
    uploader.emplace(blobs_, blob::blob_keys::video_prefix(video_id) + "/hls", work + "/hls");
  }
  const std::string luma_path = work + "/fingerprint.gray";
  if (!frame_screens_.empty()) options.fingerprint_luma_path = luma_path;
  options.on_first_segments = [&] {
    // Every node must find the master and its first segments once the video says playable.
    if (uploader) uploader->sync();
    MediaFacts facts;
    facts.duration_ms = plan.duration_ms;
    if (!plan.rungs.empty()) {
      facts.width = plan.rungs.front().width;
      facts.height = plan.rungs.front().height;
    }
    facts.renditions = planned_renditions(plan);
    videos_.save_media(video_id, facts);
    if (!settle_beside()) return;  // refused: the encode stops (should_cancel)
    screen_frames(video_id, luma_path, false);  // a copy of a blocked video is held before it ever plays
    videos_.set_status(video_id, VideoStatus::playable);
  };
  // The poster, thumbnail and storyboard come out of the ladder's own ffmpeg.
  const media::ImagePlan image_plan = media::plan_images(plan);
  options.images = &image_plan;
  const auto encode_started = std::chrono::steady_clock::now();
  media::TranscodeResult result;
  {
    std::mutex mutex;
    std::condition_variable_any tick;
    std::jthread syncing;
    if (uploader) {
      syncing = std::jthread([&](std::stop_token stop) {
        while (!stop.stop_requested()) {
          try {
            uploader->sync();
          } catch (const std::exception& e) {
            spdlog::warn("video {}: uploading the growing ladder: {}", video_id, e.what());
          }
          std::unique_lock lock(mutex);
          tick.wait_for(lock, stop, std::chrono::milliseconds(250), [] { return false; });
        }
      });
    }
    try {
      result = media::transcode(source, work + "/hls", plan, options);
    } catch (const media::TranscodeCancelled&) {
      if (!refused) throw;
    }
  }
  if (!settle_beside()) {  // refused while it encoded, or a source too short to signal first segments
    fs::remove_all(work, ec);
    refuse(video_id, *refusal);
    return;
  }
  const auto encode_finished = std::chrono::steady_clock::now();
  double encoded_s = result.duration_s > 0 ? result.duration_s : static_cast<double>(plan.duration_ms) / 1000.0;
  media::ImageSet images = media::finish_images(work + "/hls", work + "/thumbs", image_plan, encoded_s);

  MediaFacts facts;
  facts.duration_ms = result.duration_s > 0 ? static_cast<std::int64_t>(result.duration_s * 1000) : plan.duration_ms;
  if (!result.renditions.empty()) {
    facts.width = result.renditions.front().width;
    facts.height = result.renditions.front().height;
  }
  facts.has_poster = !images.poster_jpg.empty();
  facts.has_storyboard = !images.storyboard_vtt.empty();
  facts.renditions = measured_renditions(plan, result);

  if (context.cancelled()) throw media::TranscodeCancelled();
  screen_frames(video_id, luma_path, true);
  publish(video_id, uploader ? &*uploader : nullptr);
  videos_.save_media(video_id, facts);
  videos_.set_progress(video_id, 100);
  videos_.set_status(video_id, VideoStatus::ready);
  fs::remove_all(work, ec);
  auto ms = [](auto duration) { return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count(); };
  spdlog::info("video {} ready: {} renditions (prepare {} ms, encode {} ms, publish {} ms)", video_id,
               facts.renditions.size(), ms(encode_started - started), ms(encode_finished - encode_started),
               ms(std::chrono::steady_clock::now() - encode_finished));
}

void VideoProcessor::publish(const std::string& video_id, LadderUploader* uploader) {
  // Whole trees: the local store swaps each in with one rename. Stores that upload file by
  // file put playlists last, so a reader never finds one naming a segment not there yet; the
  // uploader does the same without sending again what went up during the encode.
  const std::string work = work_dir(video_id);
  const std::string prefix = blob::blob_keys::video_prefix(video_id);
  if (uploader) {
    uploader->finish();
  } else {
    blobs_.move_tree(prefix + "/hls", work + "/hls", [](std::string_view path) { return path.ends_with(".m3u8"); });
  }
  blobs_.move_tree(prefix + "/thumbs", work + "/thumbs");
}

void VideoProcessor::discard(const std::string& video_id) {
  queue_.cancel_subject(video_id);
  blobs_.remove_prefix(blob::blob_keys::video_prefix(video_id));
  std::error_code ec;
  fs::remove_all(work_dir(video_id), ec);
}

}  // namespace marquee::videos

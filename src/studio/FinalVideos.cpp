#include "studio/FinalVideos.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/ScopedPath.h"
#include "media/ChildProcess.h"
#include "media/ProgressParser.h"
#include "studio/CompileCommand.h"
#include "studio/FinalVideoStore.h"
#include "studio/StudioEvents.h"

namespace marquee::studio {
namespace {

constexpr std::int64_t kMaxTransitionMs = 5'000;
constexpr std::int64_t kMaxFadeOutMs = 30'000;
constexpr std::size_t kMaxCompileClips = 200;
// A compile costs no credits but an encoder's time: an account waits for its own before more.
constexpr std::int64_t kMaxUnsettledCompiles = 2;

std::string payload_of(const std::string& final_id) {
  return boost::json::serialize(boost::json::object{{"final_id", final_id}});
}

}  // namespace

std::string_view final_status_name(FinalStatus status) {
  switch (status) {
    case FinalStatus::queued: return "queued";
    case FinalStatus::compiling: return "compiling";
    case FinalStatus::ready: return "ready";
    case FinalStatus::failed: return "failed";
  }
  return "failed";
}

std::string final_video_key(const FinalVideo& f) {
  return project_prefix(f.user_id, f.project_id) + "/finals/" + f.id + ".mp4";
}

FinalVideos::FinalVideos(db::Database& db, blob::BlobStore& blobs, MusicLibrary& music, jobs::JobQueue& queue,
                         videos::VideoService& videos, videos::VideoProcessor& processor, events::EventBus& bus,
                         const Clock& clock, FinalVideoOptions options)
    : db_(db),
      store_(db),
      finals_(std::make_unique<FinalVideoStore>(db)),
      blobs_(blobs),
      music_(music),
      queue_(queue),
      videos_(videos),
      processor_(processor),
      bus_(bus),
      clock_(clock),
      options_(std::move(options)) {
  queue_.watch(kCompileJob, {[this](const jobs::Job& job) { died(job); }, {}});
}

FinalVideos::~FinalVideos() = default;

FinalVideo FinalVideos::compile(const accounts::Principal& owner, const std::string& project_id,
                                const CompileRequest& request) {
  auto project = store_.find_project(owner.user_id, project_id);
  if (!project) throw_not_found("project");
  if (finals_->unsettled(owner.user_id) >= kMaxUnsettledCompiles) {
    throw Error(ErrorCode::conflict, "two compiles of yours are still running; ask again when one is done");
  }
  if (!is_transition(request.transition)) {
    throw_validation("transition", "transition must be cut or one of ffmpeg's xfade transitions (fade, dissolve, "
                                   "wipeleft, slideleft, circleopen, …)");
  }
  if (request.transition_ms < 0 || request.transition_ms > kMaxTransitionMs) {
    throw_validation("transition_ms", "transition_ms must be 0…" + std::to_string(kMaxTransitionMs));
  }
  if (request.music_volume < 0 || request.music_volume > 100) throw_validation("music_volume", "music_volume must be 0…100");
  if (request.fade_out_ms < 0 || request.fade_out_ms > kMaxFadeOutMs) {
    throw_validation("fade_out_ms", "fade_out_ms must be 0…" + std::to_string(kMaxFadeOutMs));
  }

  const auto all = store_.list_clips(owner.user_id, project_id);
  std::vector<Clip> chosen;
  if (request.clip_ids) {
    if (request.clip_ids->empty() || request.clip_ids->size() > kMaxCompileClips) {
      throw_validation("clip_ids", "compile 1…" + std::to_string(kMaxCompileClips) + " clips");
    }
    for (const auto& id : *request.clip_ids) {
      auto found = std::find_if(all.begin(), all.end(), [&](const Clip& c) { return c.id == id; });
      if (found == all.end()) throw_validation("clip_ids", "there is no clip " + id + " in this project");
      chosen.push_back(*found);
    }
  } else {
    for (const auto& clip : all) {
      if (clip.approved) chosen.push_back(clip);
    }
    if (chosen.empty()) throw Error(ErrorCode::conflict, "approve some clips first, or name them in clip_ids");
  }
  for (const auto& clip : chosen) {
    if (clip.status != ClipStatus::ready) throw Error(ErrorCode::conflict, "clip " + clip.id + " is not ready");
  }
  const bool joins = chosen.size() > 1 && request.transition != "cut";
  if (joins) {
    for (const auto& clip : chosen) {
      if (request.transition_ms >= clip.video_duration_ms) {
        throw_validation("transition_ms", "a transition must be shorter than every clip it joins");
      }
    }
  }
  const std::string music_id = request.music_track_id.value_or(project->music_track_id);
  std::optional<MusicTrack> track;
  if (!music_id.empty()) {
    track = music_.find(music_id);
    if (!track) throw_validation("music_track_id", "there is no such music track");
  }

  boost::json::array clips;
  for (const auto& clip : chosen) {
    clips.push_back(boost::json::object{{"id", clip.id}, {"generation", clip.generation},
                                        {"duration_ms", clip.video_duration_ms}});
  }
  boost::json::object recipe{{"clips", std::move(clips)},
                             {"transition", request.transition},
                             {"transition_ms", joins ? request.transition_ms : 0},
                             {"music_track_id", track ? boost::json::value(track->id) : boost::json::value(nullptr)},
                             {"music_volume", request.music_volume},
                             {"fade_out_ms", request.fade_out_ms},
                             {"width", project->width},
                             {"height", project->height},
                             {"frame_rate", project->frame_rate}};

  FinalVideo final_video;
  final_video.id = new_public_id();
  final_video.project_id = project_id;
  final_video.user_id = owner.user_id;
  final_video.recipe = boost::json::serialize(recipe);
  final_video.created_at = final_video.updated_at = clock_.now_ms();
  if (request.publish) final_video.video_id = videos_.create(owner, *request.publish).id;  // checks title and visibility
  try {
    db_.write([&](db::Connection& c) {
      finals_->insert(c, final_video);
      jobs::EnqueueOptions options;
      options.subject = final_video.id;
      options.max_attempts = options_.max_attempts;
      queue_.enqueue_in(c, kCompileJob, payload_of(final_video.id), options);
    });
  } catch (...) {
    if (!final_video.video_id.empty()) videos_.purge(final_video.video_id);
    throw;
  }
  FinalVideo made = get(owner.user_id, final_video.id);  // as queued (a worker may take it at once)
  queue_.announce(kCompileJob);
  return made;
}

FinalVideo FinalVideos::get(const std::string& user_id, const std::string& final_id) {
  auto found = finals_->find(user_id, final_id);
  if (!found) throw_not_found("final video");
  return *found;
}

std::vector<FinalVideo> FinalVideos::of_project(const std::string& user_id, const std::string& project_id) {
  if (!store_.find_project(user_id, project_id)) throw_not_found("project");
  return finals_->of_project(user_id, project_id);
}

std::optional<std::string> FinalVideos::file_key(const std::string& final_id) {
  auto found = finals_->find(final_id);
  if (!found || found->status != FinalStatus::ready) return std::nullopt;
  return final_video_key(*found);
}

bool FinalVideos::owns_ready(const std::string& user_id, const std::string& final_id) {
  auto found = finals_->find(user_id, final_id);
  return found && found->status == FinalStatus::ready;
}

std::optional<FinalVideo> FinalVideos::find(const std::string& final_id) { return finals_->find(final_id); }

void FinalVideos::forget_project(const std::string& user_id, const std::string& project_id) {
  for (const auto& f : finals_->of_project(user_id, project_id)) {
    if (f.status != FinalStatus::queued && f.status != FinalStatus::compiling) continue;
    queue_.cancel_subject(f.id);
    if (!f.video_id.empty()) videos_.purge(f.video_id);
  }
}

void FinalVideos::run(jobs::JobContext& job) {
  const auto payload = boost::json::parse(job.payload()).as_object();
  auto final_video = find(std::string(payload.at("final_id").as_string()));
  if (!final_video || (final_video->status != FinalStatus::queued && final_video->status != FinalStatus::compiling)) {
    return;  // settled, or its project was deleted
  }
  if (!finals_->set_progress(final_video->id, FinalStatus::compiling, 0, clock_.now_ms())) return;
  final_video->status = FinalStatus::compiling;
  publish_status(*final_video);

  const auto recipe_json = boost::json::parse(final_video->recipe).as_object();
  const std::string dir = options_.work_root + "/studio/compile-" + job.job().id;
  std::filesystem::create_directories(dir);
  const ScopedPath cleanup(dir);

  CompileRecipe recipe;
  recipe.width = static_cast<int>(recipe_json.at("width").to_number<std::int64_t>());
  recipe.height = static_cast<int>(recipe_json.at("height").to_number<std::int64_t>());
  recipe.frame_rate = static_cast<int>(recipe_json.at("frame_rate").to_number<std::int64_t>());
  recipe.transition = recipe_json.at("transition").as_string().c_str();
  recipe.transition_ms = recipe_json.at("transition_ms").to_number<std::int64_t>();
  recipe.music_volume = static_cast<int>(recipe_json.at("music_volume").to_number<std::int64_t>());
  recipe.fade_out_ms = recipe_json.at("fade_out_ms").to_number<std::int64_t>();
  recipe.output_path = dir + "/final.mp4";
  recipe.preset = options_.preset;
  try {
    std::size_t index = 0;
    for (const auto& item : recipe_json.at("clips").as_array()) {
      const auto& fields = item.as_object();
      Clip clip;
      clip.id = fields.at("id").as_string().c_str();
      clip.user_id = final_video->user_id;
      clip.project_id = final_video->project_id;
      clip.generation = fields.at("generation").to_number<std::int64_t>();
      const std::string path = dir + "/clip" + std::to_string(index++) + ".mp4";
      blobs_.get_to_file(clip_video_key(clip), path);
      recipe.clips.push_back({path, fields.at("duration_ms").to_number<std::int64_t>()});
    }
    if (const auto& music_id = recipe_json.at("music_track_id"); music_id.is_string()) {
      auto track = music_.find(std::string(music_id.as_string()));
      if (!track) throw Error(ErrorCode::not_found, "the music track was removed");
      recipe.music_path = dir + "/music." + track->format;
      blobs_.get_to_file(music_key(*track), recipe.music_path);
    }
  } catch (const Error& e) {
    if (e.code() != ErrorCode::not_found) throw;  // the store is down: retried
    fail(*final_video, std::string("a file of the compile is gone: ") + e.what());
    return;
  }

  const std::int64_t total_ms = compiled_duration_ms(recipe);
  media::ProgressParser parser(total_ms);
  Millis last_update = 0;
  media::ChildOptions child;
  child.timeout = std::chrono::hours(2);
  child.batch_scheduling = true;
  child.should_cancel = [&job] { return job.cancelled(); };
  child.on_stdout_line = [&](std::string_view line) {
    const auto percent = parser.feed_line(line);
    const Millis now = clock_.now_ms();
    if (!percent || now - last_update < 500) return;
    last_update = now;
    final_video->progress = *percent / 100.0;
    finals_->set_progress(final_video->id, FinalStatus::compiling, final_video->progress, now);
    publish_status(*final_video);
  };
  const auto result = media::run_child(compile_command(recipe), child);
  if (job.cancelled() || result.cancelled) return;
  if (!result.succeeded()) {
    fail(*final_video, "the compile failed: " + result.describe() + ": " + result.last_stderr_line());
    return;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(recipe.output_path, ec);
  if (ec || size == 0) {
    fail(*final_video, "the compile wrote nothing");
    return;
  }
  blobs_.put_file(final_video_key(*final_video), recipe.output_path);
  if (!final_video->video_id.empty()) {
    // The MP4 becomes the published video's source, as an upload's does; before the final
    // turns ready, so a retry after a failure here does it again.
    blobs_.put_file(blob::blob_keys::source(final_video->video_id), recipe.output_path);
    videos_.set_source_bytes(final_video->video_id, static_cast<std::int64_t>(size));
    processor_.enqueue(final_video->video_id);
  }
  if (!finals_->finish(final_video->id, total_ms, static_cast<std::int64_t>(size), clock_.now_ms())) {
    // Its project went meanwhile: nothing of it stays.
    blobs_.remove(final_video_key(*final_video));
    if (!final_video->video_id.empty()) videos_.purge(final_video->video_id);
    return;
  }
  if (auto done = find(final_video->id)) publish_status(*done);
}

void FinalVideos::died(const jobs::Job& job) {
  try {
    const auto payload = boost::json::parse(job.payload).as_object();
    if (auto final_video = find(std::string(payload.at("final_id").as_string()))) {
      fail(*final_video, "the compile could not be done: " + job.last_error.value_or("no reason given"));
    }
  } catch (const std::exception& e) {
    spdlog::error("studio: a dead compile job {} could not be settled: {}", job.id, e.what());
  }
}

void FinalVideos::fail(const FinalVideo& final_video, const std::string& reason) {
  const auto current = find(final_video.id);
  if (!current || (current->status != FinalStatus::queued && current->status != FinalStatus::compiling)) return;
  // Nothing stays behind — no file, no draft video — before anyone can read it as failed.
  blobs_.remove(final_video_key(final_video));
  if (!final_video.video_id.empty()) videos_.purge(final_video.video_id);
  if (!finals_->fail(final_video.id, reason, clock_.now_ms())) return;
  if (auto failed = find(final_video.id)) publish_status(*failed);
}

void FinalVideos::publish_status(const FinalVideo& f) {
  events::Event event;
  event.type = kStudioProgress;
  event.subject = f.user_id;
  boost::json::object data{{"event", "final_video_status"},
                           {"id", f.id},
                           {"project_id", f.project_id},
                           {"status", std::string(final_status_name(f.status))},
                           {"progress", f.progress}};
  data["failure_reason"] = f.failure_reason.empty() ? boost::json::value(nullptr) : boost::json::value(f.failure_reason);
  event.data = boost::json::serialize(data);
  bus_.publish(std::move(event));
}

}  // namespace marquee::studio

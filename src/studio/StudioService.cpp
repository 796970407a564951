#include "studio/StudioService.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/ScopedPath.h"
#include "core/TimeCursor.h"
#include "core/UserText.h"
#include "studio/StudioEvents.h"

namespace marquee::studio {
namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxPrompt = 2'000;
constexpr int kMinSide = 128;
constexpr int kMaxSide = 3'840;

void check_frame(int width, int height, int frame_rate) {
  auto side = [](const char* field, int value) {
    if (value < kMinSide || value > kMaxSide || value % 2 != 0) {
      throw_validation(field, std::string(field) + " must be an even number of pixels from " +
                                  std::to_string(kMinSide) + " to " + std::to_string(kMaxSide));
    }
  };
  side("width", width);
  side("height", height);
  static const std::set<int> kRates{24, 25, 30, 50, 60};
  if (!kRates.contains(frame_rate)) throw_validation("frame_rate", "frame_rate must be 24, 25, 30, 50 or 60");
}

// The job's payload names the generation it makes: a newer one supersedes it.
std::string generation_payload(const Clip& clip) {
  return boost::json::serialize(boost::json::object{{"clip_id", clip.id}, {"generation", clip.generation}});
}

// A generator's refusal the creator may read; anything else is a fault of ours, retried.
bool is_final(const Error& e) {
  return e.code() != ErrorCode::unavailable && e.code() != ErrorCode::insufficient_storage;
}

}  // namespace

StudioService::StudioService(db::Database& db, blob::BlobStore& blobs, credits::CreditLedger& credits,
                             credits::Referrals& referrals, jobs::JobQueue& queue, ClipGenerator& generator, events::EventBus& bus,
                             const Clock& clock, StudioOptions options)
    : store_(db),
      blobs_(blobs),
      credits_(credits),
      referrals_(referrals),
      queue_(queue),
      generator_(generator),
      bus_(bus),
      clock_(clock),
      options_(std::move(options)) {
  queue_.watch(kGenerateClipJob, {[this](const jobs::Job& job) { generation_died(job); }, {}});
}

// ---- projects ------------------------------------------------------------------------

Project StudioService::create_project(const std::string& user_id, const ProjectDraft& draft) {
  Project project;
  project.id = new_public_id();
  project.user_id = user_id;
  project.title = text::clean_name(draft.title, "title", kMaxTitle);
  project.width = draft.width.value_or(1280);
  project.height = draft.height.value_or(720);
  project.frame_rate = draft.frame_rate.value_or(30);
  check_frame(project.width, project.height, project.frame_rate);
  project.created_at = project.updated_at = clock_.now_ms();
  db::Database& db = store_.database();
  db.write([&](db::Connection& c) {
    if (draft.music_track_id && !draft.music_track_id->empty()) {
      if (c.exec("SELECT 1 FROM music_tracks WHERE id = ?", {*draft.music_track_id}).empty()) {
        throw_validation("music_track_id", "there is no such music track");
      }
      project.music_track_id = *draft.music_track_id;
    }
    store_.insert_project(c, project);
  });
  return project;
}

ProjectPage StudioService::list_projects(const std::string& user_id, const std::optional<std::string>& cursor,
                                         std::int64_t limit) {
  if (limit < 1 || limit > kMaxProjectPageSize) {
    throw_validation("limit", "limit must be 1…" + std::to_string(kMaxProjectPageSize));
  }
  std::optional<TimeCursor> after;
  if (cursor) after = decode_time_cursor(*cursor);
  ProjectPage page;
  page.items = store_.list_projects(user_id, after, static_cast<int>(limit) + 1);
  if (static_cast<std::int64_t>(page.items.size()) > limit) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_time_cursor(page.items.back().created_at, page.items.back().id);
  }
  return page;
}

Project StudioService::project(const std::string& user_id, const std::string& project_id) {
  auto project = store_.find_project(user_id, project_id);
  if (!project) throw_not_found("project");
  return *project;
}

Project StudioService::update_project(const std::string& user_id, const std::string& project_id,
                                      const ProjectPatch& patch) {
  Project project = this->project(user_id, project_id);
  if (patch.title) project.title = text::clean_name(*patch.title, "title", kMaxTitle);
  if (patch.status) project.status = *patch.status;
  if (patch.music_track_id) {
    if (!patch.music_track_id->empty() &&
        store_.database().query("SELECT 1 FROM music_tracks WHERE id = ?", {*patch.music_track_id}).empty()) {
      throw_validation("music_track_id", "there is no such music track");
    }
    project.music_track_id = *patch.music_track_id;
  }
  project.updated_at = clock_.now_ms();
  if (!store_.update_project(project)) throw_not_found("project");
  return this->project(user_id, project_id);
}

void StudioService::delete_project(const std::string& user_id, const std::string& project_id) {
  const auto clips = store_.list_clips(user_id, project_id);
  if (!store_.find_project(user_id, project_id)) throw_not_found("project");
  for (const auto& clip : clips) {
    queue_.cancel_subject(clip.id);
    if (clip.status == ClipStatus::generating) {
      credits_.refund(user_id, clip.cost, generation_reference(clip.id, clip.generation));
    }
  }
  if (!store_.delete_project(user_id, project_id)) throw_not_found("project");
  blobs_.remove_prefix(project_prefix(user_id, project_id));
}

// ---- clips ---------------------------------------------------------------------------

Clip StudioService::resolved(const Clip& base, const ClipChoice& choice) const {
  Clip clip = base;
  if (choice.motion) clip.motion = *choice.motion;
  if (choice.easing) clip.easing = *choice.easing;
  if (choice.duration_ms) clip.duration_ms = *choice.duration_ms;
  if (choice.prompt) clip.prompt = text::clean_prose(*choice.prompt, "prompt", kMaxPrompt, text::Presence::optional);
  if (clip.duration_ms < options_.min_clip_ms || clip.duration_ms > options_.max_clip_ms) {
    throw_validation("duration_ms", "duration_ms must be " + std::to_string(options_.min_clip_ms) + "…" +
                                        std::to_string(options_.max_clip_ms));
  }
  return clip;
}

void StudioService::queue_generation(db::Connection& c, const Clip& clip) {
  if (clip.cost > 0) {
    credits_.debit(c, clip.user_id, clip.cost, credits::CreditKind::generation,
                   generation_reference(clip.id, clip.generation));
  }
  jobs::EnqueueOptions options;
  options.subject = clip.id;
  options.max_attempts = options_.max_attempts;
  queue_.enqueue_in(c, kGenerateClipJob, generation_payload(clip), options);
}

Clip StudioService::add_clip(const std::string& user_id, const std::string& project_id, const std::string& photo_file,
                             const ClipChoice& choice) {
  Project project = this->project(user_id, project_id);
  if (project.clip_count >= options_.max_clips_per_project) {
    throw Error(ErrorCode::conflict,
                "a project may hold at most " + std::to_string(options_.max_clips_per_project) + " clips");
  }
  Clip clip;
  clip.id = new_public_id();
  clip.project_id = project_id;
  clip.user_id = user_id;
  clip.duration_ms = options_.default_clip_ms;
  clip = resolved(clip, choice);
  clip.cost = options_.clip_cost();
  clip.generator = generator_.name();
  clip.created_at = clip.updated_at = clock_.now_ms();

  // The photo is checked and kept before anything is charged; a charge that fails removes it.
  const std::string stored = work_dir("photos") + "/" + clip.id + ".jpg";
  const media::StoredPhoto photo = [&] {
    try {
      return media::store_photo(photo_file, stored, options_.photos);
    } catch (...) {
      std::filesystem::remove(stored);
      throw;
    }
  }();
  clip.image_width = photo.width;
  clip.image_height = photo.height;
  const std::string photo_key = clip_photo_key(clip);
  blobs_.move_file(photo_key, stored);
  try {
    store_.database().write([&](db::Connection& c) {
      auto locked = store_.lock_project(c, user_id, project_id);
      if (!locked) throw_not_found("project");
      if (locked->clip_count >= options_.max_clips_per_project) {
        throw Error(ErrorCode::conflict,
                    "a project may hold at most " + std::to_string(options_.max_clips_per_project) + " clips");
      }
      store_.insert_clip(c, clip);
      queue_generation(c, clip);
    });
  } catch (...) {
    blobs_.remove(photo_key);
    throw;
  }
  queue_.announce(kGenerateClipJob);
  return this->clip(user_id, project_id, clip.id);
}

std::vector<Clip> StudioService::clips(const std::string& user_id, const std::string& project_id) {
  this->project(user_id, project_id);
  return store_.list_clips(user_id, project_id);
}

Clip StudioService::owned_clip(const std::string& user_id, const std::string& project_id, const std::string& clip_id) {
  auto clip = store_.find_clip(user_id, clip_id);
  if (!clip || clip->project_id != project_id) throw_not_found("clip");
  return *clip;
}

Clip StudioService::clip(const std::string& user_id, const std::string& project_id, const std::string& clip_id) {
  return owned_clip(user_id, project_id, clip_id);
}

std::vector<Clip> StudioService::reorder(const std::string& user_id, const std::string& project_id,
                                         const std::vector<std::string>& clip_ids) {
  store_.database().write([&](db::Connection& c) {
    if (!store_.lock_project(c, user_id, project_id)) throw_not_found("project");
    std::vector<std::string> current;
    for (const auto& clip : store_.list_clips(c, project_id)) current.push_back(clip.id);
    std::vector<std::string> wanted = clip_ids;
    std::sort(current.begin(), current.end());
    std::sort(wanted.begin(), wanted.end());
    if (wanted != current) {
      throw_validation("clip_ids", "clip_ids must name every clip of the project exactly once (" +
                                       std::to_string(current.size()) + " clips)");
    }
    store_.set_order(c, project_id, clip_ids);
  });
  return store_.list_clips(user_id, project_id);
}

Clip StudioService::approve(const std::string& user_id, const std::string& project_id, const std::string& clip_id,
                            bool approved) {
  const Clip clip = owned_clip(user_id, project_id, clip_id);
  if (approved && clip.status != ClipStatus::ready) {
    throw Error(ErrorCode::conflict, "only a ready clip can be approved");
  }
  store_.set_approved(user_id, clip_id, approved, clock_.now_ms());
  return owned_clip(user_id, project_id, clip_id);
}

Clip StudioService::regenerate(const std::string& user_id, const std::string& project_id, const std::string& clip_id,
                               const ClipChoice& choice) {
  Clip clip = resolved(owned_clip(user_id, project_id, clip_id), choice);
  store_.database().write([&](db::Connection& c) {
    if (!store_.lock_project(c, user_id, project_id)) throw_not_found("project");
    auto current = store_.find_clip(c, clip_id);
    if (!current || current->project_id != project_id) throw_not_found("clip");
    if (current->status == ClipStatus::generating) throw Error(ErrorCode::conflict, "the clip is still generating");
    clip.generation = current->generation + 1;
    clip.cost = options_.clip_cost();
    clip.generator = generator_.name();
    clip.updated_at = clock_.now_ms();
    store_.start_generation(c, clip);
    queue_generation(c, clip);
  });
  queue_.announce(kGenerateClipJob);
  return owned_clip(user_id, project_id, clip_id);
}

void StudioService::delete_clip(const std::string& user_id, const std::string& project_id, const std::string& clip_id) {
  std::optional<Clip> deleted;
  store_.database().write([&](db::Connection& c) {
    if (!store_.lock_project(c, user_id, project_id)) throw_not_found("project");
    auto clip = store_.find_clip(c, clip_id);
    if (!clip || clip->project_id != project_id) throw_not_found("clip");
    store_.delete_clip(c, *clip);
    deleted = clip;
  });
  queue_.cancel_subject(clip_id);
  if (deleted->status == ClipStatus::generating) {
    credits_.refund(user_id, deleted->cost, generation_reference(deleted->id, deleted->generation));
  }
  blobs_.remove_prefix(clip_prefix(*deleted));
}

std::optional<std::string> StudioService::file_key(FileKind kind, const std::string& id) {
  if (kind != FileKind::clip_image && kind != FileKind::clip_video) return std::nullopt;
  auto clip = store_.database().read([&](db::Connection& c) { return store_.find_clip(c, id); });
  if (!clip) return std::nullopt;
  if (kind == FileKind::clip_image) return clip_photo_key(*clip);
  if (clip->status != ClipStatus::ready) return std::nullopt;
  return clip_video_key(*clip);
}

bool StudioService::owns_file(const std::string& user_id, FileKind kind, const std::string& id) {
  if (kind != FileKind::clip_image && kind != FileKind::clip_video) return false;
  auto clip = store_.find_clip(user_id, id);
  return clip && (kind == FileKind::clip_image || clip->status == ClipStatus::ready);
}

// ---- generation ----------------------------------------------------------------------

void StudioService::run_generation(jobs::JobContext& job) {
  const auto payload = boost::json::parse(job.payload()).as_object();
  const std::string clip_id(payload.at("clip_id").as_string());
  const std::int64_t generation = payload.at("generation").to_number<std::int64_t>();
  auto clip = store_.database().read([&](db::Connection& c) { return store_.find_clip(c, clip_id); });
  if (clip && clip->generation == generation && clip->status == ClipStatus::ready) {
    referrals_.generation_completed(clip->user_id);  // a retry after the clip was made: the reward, if it was missed
    return;
  }
  if (!clip || clip->generation != generation || clip->status != ClipStatus::generating) return;  // superseded

  const std::string dir = work_dir("clips/" + job.job().id);
  std::filesystem::create_directories(dir);
  const ScopedPath cleanup(dir);
  const std::string photo = dir + "/photo.jpg";
  try {
    blobs_.get_to_file(clip_photo_key(*clip), photo);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::not_found) throw;  // the store is down: retried
    fail_generation(clip->id, generation, "the clip's photo is gone");
    return;
  }

  auto project = store_.find_project(clip->user_id, clip->project_id);
  if (!project) return;  // deleted meanwhile
  ClipRequest request;
  request.photo_path = photo;
  request.output_path = dir + "/clip.mp4";
  request.width = project->width;
  request.height = project->height;
  request.frame_rate = project->frame_rate;
  request.duration_ms = clip->duration_ms;
  request.motion = clip->motion;
  request.easing = clip->easing;
  request.prompt = clip->prompt;

  Millis last_published = 0;
  publish_clip(*clip, 0);
  GeneratedClip made;
  try {
    made = generator_.generate(request, job.cancellation_token(), [&](double progress) {
      const Millis now = clock_.now_ms();
      if (now - last_published < 500) return;  // a few a second at most
      last_published = now;
      publish_clip(*clip, progress);
    });
  } catch (const Error& e) {
    if (job.cancelled() || !is_final(e)) throw;  // retried (or dropped, when cancelled)
    fail_generation(clip->id, generation, e.what());
    return;
  }
  if (job.cancelled()) return;
  blobs_.put_file(clip_video_key(*clip), request.output_path);
  if (store_.finish_generation(clip->id, generation, static_cast<std::int64_t>(made.bytes), made.duration_ms,
                               clock_.now_ms())) {
    if (auto ready = store_.find_clip(clip->user_id, clip->id)) publish_clip(*ready, 1);
    referrals_.generation_completed(clip->user_id);  // the first clip rewards a referral, once
  } else {
    blobs_.remove(clip_video_key(*clip));  // deleted or regenerated meanwhile
  }
}

void StudioService::generation_died(const jobs::Job& job) {
  try {
    const auto payload = boost::json::parse(job.payload).as_object();
    fail_generation(std::string(payload.at("clip_id").as_string()), payload.at("generation").to_number<std::int64_t>(),
                    "the clip could not be generated: " + job.last_error.value_or("no reason given"));
  } catch (const std::exception& e) {
    spdlog::error("studio: a dead generation job {} could not be settled: {}", job.id, e.what());
  }
}

void StudioService::fail_generation(const std::string& clip_id, std::int64_t generation, const std::string& reason) {
  auto clip = store_.database().read([&](db::Connection& c) { return store_.find_clip(c, clip_id); });
  if (!clip || clip->generation != generation || clip->status != ClipStatus::generating) return;
  // The credits come back before the clip reads as failed. Once per generation whatever
  // happens next: a delete racing this refunds under the same reference.
  credits_.refund(clip->user_id, clip->cost, generation_reference(clip_id, generation));
  if (!store_.fail_generation(clip_id, generation, reason, clock_.now_ms())) return;
  if (auto failed = store_.find_clip(clip->user_id, clip_id)) publish_clip(*failed, 0);
}

void StudioService::publish_clip(const Clip& clip, double progress) {
  events::Event event;
  event.type = kStudioProgress;
  event.subject = clip.user_id;
  boost::json::object data{{"event", "clip_status"},
                           {"id", clip.id},
                           {"project_id", clip.project_id},
                           {"status", std::string(clip_status_name(clip.status))},
                           {"progress", clip.status == ClipStatus::ready ? 1.0 : progress}};
  data["failure_reason"] =
      clip.failure_reason.empty() ? boost::json::value(nullptr) : boost::json::value(clip.failure_reason);
  event.data = boost::json::serialize(data);
  bus_.publish(std::move(event));
}

void StudioService::forget_user(const std::string& user_id) {
  for (const auto& project_id : store_.project_ids_of(user_id)) {
    for (const auto& clip : store_.list_clips(user_id, project_id)) queue_.cancel_subject(clip.id);
  }
  blobs_.remove_prefix(studio_prefix(user_id));
}

std::string StudioService::work_dir(const std::string& name) const {
  std::string dir = options_.work_root + "/studio/" + name;
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace marquee::studio

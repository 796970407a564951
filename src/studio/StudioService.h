#pragma once
// The creator studio (docs/studio.md): an account's projects, the clips its photos become,
// and the credits each generation costs. Everything here is its owner's alone: another
// account's ids read as not found.
//
// Adding or regenerating a clip is one transaction: the credits are taken (CreditLedger),
// the clip is written, and its generation job is queued, so none of the three exists without
// the others. The job (kGenerateClipJob) runs the ClipGenerator on a worker; a generation
// that fails, for good or after its last attempt, gives its credits back exactly once (the
// refund's reference is the debit's). A clip deleted or regenerated meanwhile wins over a
// job still running for it: the job's result is dropped.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "blob/BlobStore.h"
#include "core/Clock.h"
#include "credits/CreditLedger.h"
#include "credits/Referrals.h"
#include "events/EventBus.h"
#include "jobs/JobQueue.h"
#include "jobs/WorkerPool.h"
#include "studio/ClipGenerator.h"
#include "studio/FileSigner.h"
#include "media/PhotoIntake.h"
#include "studio/Studio.h"
#include "studio/StudioStore.h"

namespace marquee::studio {

inline constexpr const char* kGenerateClipJob = "studio.generate_clip";
inline constexpr int kDefaultProjectPageSize = 20;
inline constexpr int kMaxProjectPageSize = 100;

struct StudioOptions {
  std::function<std::int64_t()> clip_cost = [] { return std::int64_t{1}; };  // credits per generation, now
  std::int64_t default_clip_ms = 5'000;
  std::int64_t min_clip_ms = 1'000;
  std::int64_t max_clip_ms = 20'000;
  int max_clips_per_project = 100;
  media::PhotoLimits photos;
  std::string work_root;  // scratch space for photos and clips on their way
  int max_attempts = 3;
};

struct ProjectDraft {
  std::string title;
  std::optional<int> width;
  std::optional<int> height;
  std::optional<int> frame_rate;
  std::optional<std::string> music_track_id;
};

struct ProjectPatch {
  std::optional<std::string> title;
  std::optional<ProjectStatus> status;
  std::optional<std::string> music_track_id;  // "" clears it
};

struct ClipChoice {
  std::optional<Motion> motion;
  std::optional<Easing> easing;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> prompt;
};

class StudioService {
 public:
  StudioService(db::Database& db, blob::BlobStore& blobs, credits::CreditLedger& credits,
                credits::Referrals& referrals, jobs::JobQueue& queue,
                ClipGenerator& generator, events::EventBus& bus, const Clock& clock, StudioOptions options);

  Project create_project(const std::string& user_id, const ProjectDraft& draft);
  ProjectPage list_projects(const std::string& user_id, const std::optional<std::string>& cursor, std::int64_t limit);
  Project project(const std::string& user_id, const std::string& project_id);
  Project update_project(const std::string& user_id, const std::string& project_id, const ProjectPatch& patch);
  // The project, its clips, their jobs and files.
  void delete_project(const std::string& user_id, const std::string& project_id);

  // Takes the photo at `photo_file` (the upload, on local disk; consumed), charges the
  // generation and queues it. Throws Error(insufficient_credits) before anything is kept
  // when the balance does not cover it.
  Clip add_clip(const std::string& user_id, const std::string& project_id, const std::string& photo_file,
                const ClipChoice& choice);
  std::vector<Clip> clips(const std::string& user_id, const std::string& project_id);
  Clip clip(const std::string& user_id, const std::string& project_id, const std::string& clip_id);
  // `clip_ids` must name every clip of the project once. Returns them in their new order.
  std::vector<Clip> reorder(const std::string& user_id, const std::string& project_id,
                            const std::vector<std::string>& clip_ids);
  Clip approve(const std::string& user_id, const std::string& project_id, const std::string& clip_id, bool approved);
  // A new generation of a clip that is not generating, charged again.
  Clip regenerate(const std::string& user_id, const std::string& project_id, const std::string& clip_id,
                  const ClipChoice& choice);
  // A clip still generating gives its credits back.
  void delete_clip(const std::string& user_id, const std::string& project_id, const std::string& clip_id);

  // Where a clip's file is kept, whoever owns it (a signed URL is the credential); nullopt
  // when there is none (a clip's video before it is ready, or another kind of file).
  std::optional<std::string> file_key(FileKind kind, const std::string& id);
  // Whether `user_id` may have a URL for the file: it is theirs, and it exists.
  bool owns_file(const std::string& user_id, FileKind kind, const std::string& id);

  // The kGenerateClipJob handler.
  void run_generation(jobs::JobContext& job);
  // A generation job with no attempts left: the clip fails and its credits come back.
  void generation_died(const jobs::Job& job);
  // An account is going: its studio files (rows go with the account).
  void forget_user(const std::string& user_id);

  const StudioOptions& options() const { return options_; }

 private:
  Clip owned_clip(const std::string& user_id, const std::string& project_id, const std::string& clip_id);
  Clip resolved(const Clip& base, const ClipChoice& choice) const;
  void queue_generation(db::Connection& c, const Clip& clip);
  void fail_generation(const std::string& clip_id, std::int64_t generation, const std::string& reason);
  void publish_clip(const Clip& clip, double progress);
  std::string work_dir(const std::string& name) const;

  StudioStore store_;
  blob::BlobStore& blobs_;
  credits::CreditLedger& credits_;
  credits::Referrals& referrals_;
  jobs::JobQueue& queue_;
  ClipGenerator& generator_;
  events::EventBus& bus_;
  const Clock& clock_;
  StudioOptions options_;
};

}  // namespace marquee::studio

#pragma once
// DMCA notices, counter-notices and strikes in the database.
#include <optional>
#include <string>
#include <vector>

#include "db/Database.h"
#include "dmca/Dmca.h"

namespace marquee::dmca {

class DmcaStore {
 public:
  explicit DmcaStore(db::Database& db) : db_(db) {}

  void insert_notice(const Notice& notice, const std::vector<NoticeVideo>& videos);
  std::optional<Notice> find_notice(const std::string& id);
  std::vector<NoticeVideo> videos_of(const std::string& notice_id);
  std::optional<NoticeVideo> notice_video(const std::string& notice_id, const std::string& video_id);
  void set_removal(const std::string& notice_id, const std::string& video_id, const std::string& case_id,
                   const std::string& action_id);
  // Moves a video's state from `from` to `to`; false when it was not in `from`.
  bool move(const std::string& notice_id, const std::string& video_id, const std::string& from, const std::string& to,
            Millis restore_at = 0);
  // False when this video of this notice was countered already.
  bool insert_counter_notice(const CounterNotice& counter);
  std::vector<CounterNotice> counter_notices_of(const std::string& notice_id);
  // Records the court action and keeps every countered video of the notice down.
  void record_court_action(const std::string& notice_id, Millis now);

  void insert_strike(const Strike& strike);
  void withdraw_strike(const std::string& notice_id, const std::string& video_id, Millis now);
  // Unwithdrawn strikes of a user that have not expired at `now`, newest first.
  std::vector<Strike> active_strikes(const std::string& user_id, Millis now);

 private:
  db::Database& db_;
};

}  // namespace marquee::dmca

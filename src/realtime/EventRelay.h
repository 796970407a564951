#pragma once
// Turns domain events into what users receive (docs/realtime.md, Events users receive) and
// sends them to this node's rooms. Every node relays every event to its own sockets:
//
//   video.published        → new_video to `site` and `channel:{username}`
//   video.changed (status), video.progress → video_status to `user:{owner}` (≤ 2/s per video)
//   video.changed, video.deleted → re-checks who may stay in `video:{id}`; room_closed to the evicted
//   rating.changed         → like_update to `video:{id}` (≤ 1/s per video, latest last)
//   video.viewed, presence → view_count to `video:{id}` (≤ 1/s per video)
//   comment.created/deleted, chat.posted/deleted → comment_* and chat_* to `video:{id}`
//   notifications.added    → notification to `user:{id}`
//
// Bus handlers only look at memory; whatever reads the database runs on `background` (the
// realtime pool), and only when this node has someone in the room.
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "events/EventBus.h"
#include "realtime/Presence.h"
#include "realtime/RoomAccess.h"
#include "realtime/RoomRegistry.h"
#include "realtime/Throttle.h"

namespace marquee::videos {
class VideoService;
}
namespace marquee::social {
class CommentService;
}
namespace marquee::notifications {
class NotificationService;
}

namespace marquee::realtime {

struct RelayCounters {
  std::atomic<std::uint64_t> events_sent{0};       // room events sent (one per room)
  std::atomic<std::uint64_t> deliveries{0};        // … times the sockets that received them
  std::atomic<std::uint64_t> evictions{0};
};

class EventRelay {
 public:
  using Background = std::function<void(std::function<void()>)>;

  EventRelay(events::EventBus& bus, RoomRegistry& rooms, const RoomAccess& access, videos::VideoService& videos,
             social::CommentService& comments, notifications::NotificationService& notifications, const Clock& clock,
             Background background);

  // Sends what the throttles held and the view counts that moved; call every ~100 ms.
  void tick();
  // Sends an event to one room of this node now.
  void send(const std::string& room, const std::string& event, const std::string& data_json);
  // watching_now for a video: this node's room plus the other nodes' fresh counts.
  std::int64_t watching_now(const std::string& video_id) const;
  const RelayCounters& counters() const { return counters_; }

 private:
  struct Held {
    std::string room;
    std::string event;
    std::string data;
  };
  void on_published(const events::Event& event);
  void on_video_changed(const events::Event& event);
  void on_video_deleted(const events::Event& event);
  void on_progress(const std::string& video_id);
  void on_rating(const events::Event& event);
  void on_comment_created(const events::Event& event);
  void on_comment_deleted(const events::Event& event);
  void on_chat_posted(const events::Event& event);
  void on_chat_deleted(const events::Event& event);
  void on_notifications(const events::Event& event);
  void on_presence(const events::Event& event);
  void on_studio_progress(const events::Event& event);
  void on_membership(const std::string& room, std::size_t members);
  void send_status(const std::string& video_id);
  void recheck_members(const std::string& video_id, bool deleted);
  void send_view_counts(const std::set<std::string>& video_ids);
  void publish_presence(const std::string& video_id);
  bool has_members(const std::string& room) const { return rooms_.member_count(room) > 0; }

  events::EventBus& bus_;
  RoomRegistry& rooms_;
  const RoomAccess& access_;
  videos::VideoService& videos_;
  social::CommentService& comments_;
  notifications::NotificationService& notifications_;
  const Clock& clock_;
  Background background_;
  Presence presence_;
  Throttle<Held> likes_{1'000};
  Throttle<std::string> statuses_{500};
  Throttle<std::string> presence_changes_{1'000};
  std::mutex dirty_mutex_;
  std::set<std::string> dirty_views_;  // video ids whose view_count may have moved
  Millis last_view_counts_ = 0;
  Millis last_presence_repeat_ = 0;
  RelayCounters counters_;
  std::vector<events::Subscription> subscriptions_;  // last: cancelled first
};

}  // namespace marquee::realtime

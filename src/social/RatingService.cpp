#include "social/RatingService.h"

#include "core/Error.h"
#include "social/PageLimit.h"
#include "social/RatingEvents.h"

#include <boost/json/serialize.hpp>
#include <boost/json/object.hpp>
#include "videos/VideoPolicy.h"

namespace marquee::social {

RatingState RatingService::checked(const RatingWrite& write) {
  switch (write.status) {
    case WriteStatus::done: return write.state;
    case WriteStatus::user_missing: throw_unauthorized("your account no longer exists");
    default: throw_not_found("video");
  }
}

RatingState RatingService::rate(const accounts::Principal& rater, const std::string& video_id,
                                const std::string& rating) {
  auto target = parse_rating(rating);
  if (!target) throw_validation("rating", "rating must be like, dislike or none");
  videos_.get(rater, video_id);
  const RatingWrite write = store_.set(video_id, rater.user_id, *target, clock_.now_ms());
  RatingState state = checked(write);
  rated(rater.user_id, video_id, write);
  return state;
}

LikeToggle RatingService::toggle_like(const accounts::Principal& rater, const std::string& video_id) {
  videos_.get(rater, video_id);
  const RatingWrite write = store_.toggle_like(video_id, rater.user_id, clock_.now_ms());
  RatingState state = checked(write);
  rated(rater.user_id, video_id, write);
  return {state.rating == Rating::like, state.likes_count};
}

void RatingService::rated(const std::string& user_id, const std::string& video_id, const RatingWrite& write) {
  videos_.forget_cached(video_id);  // its counters moved
  events::Event event;
  event.type = kRatingChanged;
  event.subject = video_id;
  event.data = boost::json::serialize(boost::json::object{{"user_id", user_id},
                                                          {"likes_count", write.state.likes_count},
                                                          {"dislikes_count", write.state.dislikes_count},
                                                          {"rating", rating_name(write.state.rating)},
                                                          {"previous", rating_name(write.previous)}});
  bus_.publish(std::move(event));
}

RatingState RatingService::rating_of(const accounts::Principal& rater, const std::string& video_id) {
  videos_.get(rater, video_id);
  auto state = store_.current(video_id, rater.user_id);
  if (!state) throw_not_found("video");
  return *state;
}

videos::VideoPage RatingService::liked_videos(const accounts::Principal& viewer, const LikedQuery& query) {
  const int page_size = checked_page_size(query.limit);
  std::optional<ListPosition> after;
  if (query.cursor && !query.cursor->empty()) after = decode_cursor(CursorKind::liked_videos, *query.cursor);

  // Likes of videos the viewer may no longer see are skipped, so a page reads on until it
  // is full or the likes run out; the cursor marks the last like shown.
  const accounts::Caller caller(viewer);
  videos::VideoPage page;
  for (;;) {
    auto likes = store_.liked(viewer.user_id, after, page_size + 1);
    for (std::size_t i = 0; i < likes.size(); ++i) {
      if (static_cast<int>(page.items.size()) == page_size) {
        page.next_cursor = encode_cursor(CursorKind::liked_videos, *after);
        return page;
      }
      after = ListPosition{0, likes[i].liked_at, likes[i].video_id};
      auto video = videos_.find(likes[i].video_id);
      // Never one the moderators took down; an adult one only past the age gate (`adult_allowed`).
      if (video && videos::may_view(caller, *video) && video->moderation != videos::Moderation::removed &&
          (!video->is_adult || query.adult_allowed || video->owner_id == viewer.user_id)) {
        page.items.push_back(std::move(*video));
      }
    }
    if (static_cast<int>(likes.size()) <= page_size) return page;
  }
}

}  // namespace marquee::social

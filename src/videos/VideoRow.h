#pragma once
// How a video row is read: the columns of a list item (renditions are not part of it) and the
// Video they make. Every store that lists videos (videos, feeds, search, recommendations)
// selects kVideoColumns from `videos v JOIN users u ON u.id = v.owner_id` and reads rows with
// video_from_row, so a list item is the same whichever list it comes from.
#include <string>
#include <vector>

#include "db/Database.h"
#include "videos/Video.h"

namespace marquee::videos {

extern const char* const kVideoColumns;

Video video_from_row(const db::Row& row);

// The SQL condition on `videos v` of a listed video: public, playable or ready, and neither held
// nor removed by the moderators (is_listed in C++). Every list
// (feeds, channels, search, recommendations) shows only these.
const std::string& listed_condition();

// The tags column (a JSON array of strings) as stored and as read; unreadable text reads as none.
std::string tags_column(const std::vector<std::string>& tags);
std::vector<std::string> tags_from_column(const std::string& stored);

}  // namespace marquee::videos

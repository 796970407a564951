#pragma once
// How a social write ended. A store checks, inside its write transaction, that the rows a
// change depends on still exist; when one is missing it writes nothing and says which, so
// the service can answer 404, 400 or 401 without a second query.
namespace marquee::social {

enum class WriteStatus {
  done,
  video_missing,
  comment_missing,
  parent_invalid,  // the parent comment is gone or belongs to another video
  too_deep,        // a reply would nest deeper than comments allow
  user_missing,    // the caller's account was deleted while their token still works
};

}  // namespace marquee::social

#pragma once
// What the studio tells its owner as it works, through the bus: subject is the account,
// data {"event": "clip_status" | "final_video_status", …the record's status fields}. The
// realtime relay sends it to the account's room (user:{id}) as that event.
namespace marquee::studio {

inline constexpr const char* kStudioProgress = "studio.progress";

}  // namespace marquee::studio

#pragma once
// DMCA records as stored: notices, what became of each video they named, counter-notices and
// copyright strikes. Plain data; rules live in DmcaService, SQL in DmcaStore.
#include <string>
#include <vector>

#include "core/Clock.h"

namespace marquee::dmca {

struct Notice {
  std::string id;
  std::string name, email, address, phone;
  std::string signature;
  std::string work;
  std::vector<std::string> urls;
  std::string statements_json;
  std::string submitted_by;  // "" when sent signed out
  std::string access_key_hash;
  Millis court_action_at = 0;
  Millis created_at = 0;
};

// A video a notice named: removed; countered (restored at restore_at unless a court action is
// reported); restored; or court_action (stays down).
struct NoticeVideo {
  std::string notice_id;
  std::string video_id;
  std::string owner_id;
  std::string state = "removed";
  std::string case_id;
  std::string action_id;  // the removal ("" when the video was down already)
  Millis restore_at = 0;
};

struct CounterNotice {
  std::string id;
  std::string notice_id;
  std::string video_id;
  std::string user_id;
  std::string name, address, phone, email;
  std::string signature;
  std::string statements_json;
  Millis created_at = 0;
};

struct Strike {
  std::string id;
  std::string user_id;
  std::string notice_id;
  std::string video_id;
  Millis created_at = 0;
  Millis expires_at = 0;
};

}  // namespace marquee::dmca

#include "dmca/DmcaJson.h"

#include <boost/json/array.hpp>

#include "core/JsonValues.h"

namespace marquee::dmca {

using json::stored_json;
using json::text_or_null;
using json::time_or_null;

boost::json::object counter_json(const CounterNotice& c) {
  return {{"id", c.id},           {"notice_id", c.notice_id}, {"video_id", c.video_id},
          {"user_id", c.user_id}, {"name", c.name},           {"address", c.address},
          {"phone", c.phone},     {"email", c.email},         {"signature", c.signature},
          {"statements", stored_json(c.statements_json)},          {"created_at", to_rfc3339(c.created_at)}};
}

boost::json::object notice_json(const NoticeView& view) {
  const Notice& n = view.notice;
  boost::json::array urls;
  for (const auto& u : n.urls) urls.emplace_back(u);
  boost::json::array videos;
  for (const auto& v : view.videos) {
    videos.push_back({{"video_id", v.video_id},
                      {"state", v.state},
                      {"case_id", v.case_id.empty() ? boost::json::value(nullptr) : boost::json::value(v.case_id)},
                      {"restore_at", time_or_null(v.restore_at)}});
  }
  boost::json::array counters;
  for (const auto& c : view.counter_notices) counters.push_back(counter_json(c));
  return {{"id", n.id},
          {"name", n.name},
          {"email", text_or_null(n.email)},
          {"address", text_or_null(n.address)},
          {"phone", text_or_null(n.phone)},
          {"signature", n.signature},
          {"work", n.work},
          {"infringing_urls", std::move(urls)},
          {"statements", stored_json(n.statements_json)},
          {"videos", std::move(videos)},
          {"counter_notices", std::move(counters)},
          {"court_action_at", time_or_null(n.court_action_at)},
          {"redacted", view.redacted},
          {"created_at", to_rfc3339(n.created_at)}};
}

boost::json::object strike_json(const Strike& s) {
  return {{"id", s.id},
          {"notice_id", s.notice_id},
          {"video_id", s.video_id},
          {"created_at", to_rfc3339(s.created_at)},
          {"expires_at", to_rfc3339(s.expires_at)}};
}


}  // namespace marquee::dmca

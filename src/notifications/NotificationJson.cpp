#include "notifications/NotificationJson.h"

#include <boost/json/parse.hpp>

#include "core/Clock.h"
#include "core/Json.h"

namespace marquee::notifications {

boost::json::object notification_json(const Notification& n) {
  boost::system::error_code ec;
  auto data = boost::json::parse(n.data_json, ec);
  return {{"id", n.id},
          {"kind", kind_name(n.kind)},
          {"subject_id", n.subject_id},
          {"actor_id", n.actor_id ? boost::json::value(*n.actor_id) : boost::json::value(nullptr)},
          {"data", !ec && data.is_object() ? data : boost::json::object{}},
          {"created_at", to_rfc3339(n.created_at)},
          {"read", n.read_at.has_value()}};
}

}  // namespace marquee::notifications

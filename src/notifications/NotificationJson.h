#pragma once
// The JSON shape of a notification, in listings and in `notification` events.
#include <boost/json/object.hpp>

#include "notifications/Notification.h"

namespace marquee::notifications {

boost::json::object notification_json(const Notification& n);

}  // namespace marquee::notifications

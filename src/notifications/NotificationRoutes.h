#pragma once
// HTTP for notifications: the caller's own list, marking read, and per-kind settings.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "notifications/NotificationService.h"

namespace marquee::notifications {

void register_notification_routes(http::Router& router, NotificationService& notifications,
                                  const accounts::RequestAuth& auth);

}  // namespace marquee::notifications

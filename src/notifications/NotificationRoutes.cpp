#include "notifications/NotificationRoutes.h"

#include "notifications/NotificationJson.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "core/Error.h"
#include "core/Json.h"
#include "http/QueryParams.h"

namespace marquee::notifications {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

boost::json::object settings_json(const std::map<std::string, bool>& settings) {
  boost::json::object out;
  for (const auto& [kind, enabled] : settings) out[kind] = enabled;
  return out;
}

}  // namespace

void register_notification_routes(http::Router& router, NotificationService& notifications,
                                  const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/me/notifications",
      [&notifications, &auth](Request& request) {
        auto who = auth.require_user(request);
        NotificationQuery query;
        query.limit = http::limit_param(request);
        query.cursor = request.query("cursor");
        query.unread_only = request.query("unread").value_or("") == "true";
        auto page = notifications.list(who, query);
        boost::json::array items;
        for (const auto& n : page.items) items.push_back(notification_json(n));
        return Response::json(200, boost::json::object{
                                       {"items", std::move(items)},
                                       {"next_cursor", page.next_cursor ? boost::json::value(*page.next_cursor)
                                                                        : boost::json::value(nullptr)},
                                       {"unread_count", notifications.unread_count(who.user_id)}});
      },
      {"The caller's notifications, newest first (?unread=true for unread ones only)", "notifications", Access::user,
       "", "NotificationList"});

  router.add(
      Method::POST, "/api/me/notifications/read",
      [&notifications, &auth](Request& request) {
        auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        std::int64_t marked = 0;
        if (body.optional_bool("all").value_or(false)) {
          marked = notifications.mark_all_read(who);
        } else if (auto ids = body.optional_string_array("ids")) {
          marked = notifications.mark_read(who, *ids);
        } else {
          throw_validation("ids", "send {\"ids\": [...]} or {\"all\": true}");
        }
        return Response::json(200, boost::json::object{{"marked", marked},
                                                       {"unread_count", notifications.unread_count(who.user_id)}});
      },
      {"Mark some (ids) or all of the caller's notifications read", "notifications", Access::user,
       "NotificationsRead", "NotificationsMarked"});

  router.add(
      Method::GET, "/api/me/notification-settings",
      [&notifications, &auth](Request& request) {
        return Response::json(200, settings_json(notifications.settings(auth.require_user(request))));
      },
      {"Which kinds of notification the caller receives", "notifications", Access::user, "", "NotificationSettings"});

  router.add(
      Method::PATCH, "/api/me/notification-settings",
      [&notifications, &auth](Request& request) {
        auto who = auth.require_user(request);
        std::map<std::string, bool> changes;
        const json::BodyReader body(request.body);
        for (const auto& [key, value] : body.object()) {
          if (!value.is_bool()) throw_validation(std::string(key), std::string(key) + " must be true or false");
          changes[std::string(key)] = value.get_bool();
        }
        return Response::json(200, settings_json(notifications.update_settings(who, changes)));
      },
      {"Turn kinds of notification on or off ({kind: true|false})", "notifications", Access::user,
       "NotificationSettings", "NotificationSettings"});
}

}  // namespace marquee::notifications

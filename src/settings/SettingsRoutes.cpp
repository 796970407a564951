#include "settings/SettingsRoutes.h"

#include <boost/json.hpp>

#include "core/Json.h"

namespace marquee::settings {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

boost::json::object settings_json(const std::map<std::string, std::string>& values) {
  boost::json::object out;
  for (const auto& [key, value] : values) {
    out[key] = boost::json::object{{"value", value}, {"help", SiteSettings::help(key)}};
  }
  return boost::json::object{{"settings", std::move(out)}};
}

// A value as the configuration reads it: strings as they are, numbers and booleans as text.
std::string setting_text(const std::string& key, const boost::json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  throw_validation(key, key + " must be a string, a whole number or a boolean");
}

boost::json::object entry_json(const SettingEntry& e) {
  boost::json::object out{{"key", e.key}, {"value", e.value}, {"version", e.version}, {"help", SiteSettings::help(e.key)}};
  out["updated_at"] = e.updated_at ? boost::json::value(to_rfc3339(e.updated_at)) : boost::json::value(nullptr);
  out["updated_by"] = e.updated_by.empty() ? boost::json::value(nullptr) : boost::json::value(e.updated_by);
  return out;
}

}  // namespace

void register_settings_routes(http::Router& router, SiteSettings& settings, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/admin/config",
      [&settings, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        boost::json::array items;
        for (const auto& key : runtime_keys()) items.push_back(entry_json(settings.entry(key)));
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"Every run-time setting with its value, version and last change", "admin", Access::admin, "", "ConfigEntryList"});

  router.add(
      Method::GET, "/api/admin/config/{key}",
      [&settings, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        return Response::json(200, entry_json(settings.entry(request.param("key"))));
      },
      {"One run-time setting", "admin", Access::admin, "", "ConfigEntry"});

  router.add(
      Method::PUT, "/api/admin/config/{key}",
      [&settings, &auth](Request& request) {
        auto admin = auth.require_role(request, accounts::Role::admin);
        const std::string key = request.param("key");
        settings.entry(key);  // 404 for a key that is not a run-time setting
        json::BodyReader body(request.body);
        const auto* value = body.object().if_contains("value");
        if (!value) throw_validation("value", "send {\"value\": …, \"version\": n (optional)}");
        return Response::json(200, entry_json(settings.put(key, setting_text(key, *value), body.optional_int("version"),
                                                           {admin.user_id, request.request_id})));
      },
      {"Set a run-time setting (validated; with version, only if unchanged since); audited, every node follows",
       "admin", Access::admin, "ConfigPut", "ConfigEntry"});

  router.add(
      Method::GET, "/api/admin/settings",
      [&settings, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        return Response::json(200, settings_json(settings.values()));
      },
      {"The settings an admin changes at run time (moderation, DMCA), with their values", "admin", Access::admin, "",
       "SiteSettings"});

  router.add(
      Method::PATCH, "/api/admin/settings",
      [&settings, &auth](Request& request) {
        auto admin = auth.require_role(request, accounts::Role::admin);
        json::BodyReader body(request.body);
        std::map<std::string, std::string> changes;
        for (const auto& [key, value] : body.object()) {
          const std::string name(key);
          changes[name] = setting_text(name, value);
        }
        return Response::json(200, settings_json(settings.update(changes, {admin.user_id, request.request_id})));
      },
      {"Change settings ({key: value}); every change is audited", "admin", Access::admin, "SiteSettingsPatch",
       "SiteSettings"});
}

}  // namespace marquee::settings

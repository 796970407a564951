#include "dmca/DmcaRoutes.h"

#include <boost/json.hpp>

#include "core/Json.h"

namespace marquee::dmca {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

boost::json::value time_or_null(Millis at) { return at ? boost::json::value(to_rfc3339(at)) : nullptr; }

boost::json::value parsed(const std::string& stored) {
  boost::system::error_code ec;
  auto value = boost::json::parse(stored, ec);
  return ec ? boost::json::value(boost::json::object{}) : value;
}

boost::json::object counter_json(const CounterNotice& c) {
  return {{"id", c.id},           {"notice_id", c.notice_id}, {"video_id", c.video_id},
          {"user_id", c.user_id}, {"name", c.name},           {"address", c.address},
          {"phone", c.phone},     {"email", c.email},         {"signature", c.signature},
          {"statements", parsed(c.statements_json)},          {"created_at", to_rfc3339(c.created_at)}};
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
  auto text_or_null = [](const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); };
  return {{"id", n.id},
          {"name", n.name},
          {"email", text_or_null(n.email)},
          {"address", text_or_null(n.address)},
          {"phone", text_or_null(n.phone)},
          {"signature", n.signature},
          {"work", n.work},
          {"infringing_urls", std::move(urls)},
          {"statements", parsed(n.statements_json)},
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

}  // namespace

void register_dmca_routes(http::Router& router, DmcaService& dmca, const accounts::RequestAuth& auth) {
  router.add(
      Method::POST, "/api/dmca/notices",
      [&dmca, &auth](Request& request) {
        auto caller = auth.caller(request);
        json::BodyReader body(request.body);
        auto filed = dmca.file_notice(caller, body.object(), request.remote_address, request.request_id);
        auto out = notice_json({filed.notice, filed.videos, {}, false});
        out["access_key"] = filed.access_key;
        return Response::json(201, out);
      },
      {"Send a DMCA notice (17 U.S.C. 512(c)(3)); an incomplete one is refused naming the missing elements", "dmca",
       Access::public_, "DmcaNoticeCreate", "DmcaNotice", 201});

  router.add(
      Method::GET, "/api/dmca/notices/{id}",
      [&dmca, &auth](Request& request) {
        auto view = dmca.notice(auth.caller(request), request.param("id"), request.query("key").value_or(""));
        return Response::json(200, notice_json(view));
      },
      {"A notice with its videos and counter-notices: for moderators, its sender (signed in, or ?key=) and the "
       "uploaders it names (contact details redacted as configured)",
       "dmca", Access::public_, "", "DmcaNotice"});

  router.add(
      Method::POST, "/api/dmca/counter-notices",
      [&dmca, &auth](Request& request) {
        auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        auto [counter, restore_at] = dmca.file_counter_notice(who, body.object(), request.request_id);
        auto out = counter_json(counter);
        out["restore_at"] = to_rfc3339(restore_at);
        return Response::json(201, out);
      },
      {"Send a counter-notice for your removed video (17 U.S.C. 512(g)(3)); it returns after "
       "dmca.restore_business_days business days unless a court action is reported",
       "dmca", Access::user, "DmcaCounterNoticeCreate", "DmcaCounterNotice", 201});

  router.add(
      Method::POST, "/api/dmca/notices/{id}/court-action",
      [&dmca, &auth](Request& request) {
        auto who = auth.require_role(request, accounts::Role::moderator);
        return Response::json(200, notice_json(dmca.report_court_action(who, request.param("id"), request.request_id)));
      },
      {"Record that the complainant sought a court order: the notice's countered videos stay removed", "dmca",
       Access::moderator, "", "DmcaNotice"});

  router.add(
      Method::GET, "/api/me/strikes",
      [&dmca, &auth](Request& request) {
        auto who = auth.require_user(request);
        boost::json::array items;
        for (const auto& s : dmca.strikes(who)) items.push_back(strike_json(s));
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"Your unexpired copyright strikes", "dmca", Access::user, "", "StrikeList"});

  router.add(
      Method::GET, "/dmca",
      [&dmca](Request&) { return Response::text(200, dmca.agent_page(), "text/plain; charset=utf-8"); },
      {"The site's DMCA designated agent and how to send a notice (plain text)", "dmca", Access::public_, "", ""});
}

}  // namespace marquee::dmca

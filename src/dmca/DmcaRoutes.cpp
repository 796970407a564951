#include "dmca/DmcaRoutes.h"

#include <boost/json.hpp>

#include "core/Json.h"
#include "dmca/DmcaJson.h"

namespace marquee::dmca {

using http::Access;
using http::Method;
using http::Request;
using http::Response;


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

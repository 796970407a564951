#include "moderation/ModerationRoutes.h"

#include "core/Json.h"
#include "core/JsonPage.h"
#include "http/QueryParams.h"
#include "moderation/ModerationJson.h"

namespace marquee::moderation {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

void register_moderation_routes(http::Router& router, ModerationService& moderation,
                                const accounts::RequestAuth& auth) {
  router.add(
      Method::POST, "/api/reports",
      [&moderation, &auth](Request& request) {
        auto caller = auth.caller(request);
        json::BodyReader body(request.body);
        ReportInput input;
        input.target = body.optional_string("target").value_or("");
        input.target_id = body.optional_string("target_id").value_or("");
        input.reason = body.optional_string("reason").value_or("");
        input.text = body.optional_string("text").value_or("");
        input.timestamp_ms = body.optional_int("timestamp_ms");
        auto filed = moderation.report(caller, input, request.remote_address);
        // The same report again is answered as it was filed, with 200.
        return Response::json(filed.duplicate ? 200 : 201, report_json(filed.report, filed.kase));
      },
      {"Report a video, comment or user to the moderators (signed out only where the operator allows)",
       "moderation", Access::public_, "ReportCreate", "Report", 201});

  router.add(
      Method::GET, "/api/me/reports",
      [&moderation, &auth](Request& request) {
        auto who = auth.require_user(request);
        auto page = moderation.my_reports(who, request.query("cursor"), http::limit_param(request));
        return Response::json(200, json::page_json(page, my_report_json));
      },
      {"Your reports, newest first, with each one's state and outcome", "moderation", Access::user, "",
       "MyReportList"});

  router.add(
      Method::GET, "/api/moderation/cases",
      [&moderation, &auth](Request& request) {
        auto who = auth.require_role(request, accounts::Role::moderator);
        CaseQuery query{request.query("state"), request.query("reason"), request.query("target"),
                        request.query("source"), request.query("sort"),  request.query("cursor"),
                        http::limit_param(request)};
        return Response::json(200, json::page_json(moderation.cases(who, query), case_json));
      },
      {"The moderation queue (?state=open|resolved|all&reason=&target=&source=&sort=oldest|newest|most_reported)",
       "moderation", Access::moderator, "", "CaseList"});

  router.add(
      Method::GET, "/api/moderation/cases/{id}",
      [&moderation, &auth](Request& request) {
        auto who = auth.require_role(request, accounts::Role::moderator);
        return Response::json(200, case_detail_json(moderation.case_detail(who, request.param("id"))));
      },
      {"A case with its target's snapshot, reports, actions, appeal and the owner's prior cases", "moderation",
       Access::moderator, "", "CaseDetail"});

  router.add(
      Method::POST, "/api/moderation/cases/{id}/actions",
      [&moderation, &auth](Request& request) {
        auto who = auth.require_role(request, accounts::Role::moderator);
        json::BodyReader body(request.body);
        ActionInput input;
        input.action = body.optional_string("action").value_or("");
        input.public_reason = body.optional_string("public_reason").value_or("");
        input.internal_note = body.optional_string("internal_note").value_or("");
        if (auto until = body.optional_string("until")) {
          auto at = parse_rfc3339(*until);
          if (!at) throw_validation("until", "until must be an RFC 3339 time");
          input.until = *at;
        }
        auto action = moderation.act(who, request.param("id"), input, request.request_id);
        return Response::json(201, action_json(action));
      },
      {"Act on a case: dismiss, approve, remove, restore, age_restrict, warn, suspend (with until) or ban",
       "moderation", Access::moderator, "ModerationActionCreate", "ModerationAction", 201});

  router.add(
      Method::POST, "/api/moderation/appeals",
      [&moderation, &auth](Request& request) {
        auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        auto appeal = moderation.appeal(who, body.optional_string("action_id").value_or(""),
                                        body.optional_string("text").value_or(""));
        return Response::json(201, appeal_json(appeal));
      },
      {"Appeal a moderation action that affected you (once per action); it joins the queue", "moderation",
       Access::user, "AppealCreate", "Appeal", 201});
}

}  // namespace marquee::moderation

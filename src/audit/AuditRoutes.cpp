#include "audit/AuditRoutes.h"

#include <boost/json.hpp>

#include "core/JsonPage.h"
#include "core/JsonValues.h"
#include "http/QueryParams.h"

namespace marquee::audit {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

boost::json::object entry_json(const AuditEntry& e) {
  return {{"id", e.id},
          {"at", to_rfc3339(e.at)},
          {"actor_id", e.actor_id ? boost::json::value(*e.actor_id) : nullptr},
          {"action", e.action},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"before", json::stored_json(e.before_json)},
          {"after", json::stored_json(e.after_json)},
          {"request_id", e.request_id}};
}

}  // namespace

void register_audit_routes(http::Router& router, AuditLog& audit, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/admin/audit",
      [&audit, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        AuditQuery query;
        query.actor_id = request.query("actor");
        query.target_id = request.query("target");
        query.cursor = request.query("cursor");
        query.limit = http::limit_param(request).value_or(kDefaultAuditPage);
        return Response::json(200, json::page_json(audit.list(query), entry_json));
      },
      {"The audit log, newest first (?actor=&target=&cursor=&limit=)", "admin", Access::admin, "", "AuditList"});
}

}  // namespace marquee::audit

#pragma once
// GET /api/admin/audit: the audit log, for admins. There is no route that changes it.
#include "accounts/RequestAuth.h"
#include "audit/AuditLog.h"
#include "http/Router.h"

namespace marquee::audit {

void register_audit_routes(http::Router& router, AuditLog& audit, const accounts::RequestAuth& auth);

}  // namespace marquee::audit

#pragma once
// Operational endpoints: liveness (/api/health), readiness (/api/ready, checks the
// database), Prometheus metrics (/metrics, see MetricsAccess.h) and the API description (/api/openapi.json).
#include "db/Database.h"
#include "http/Metrics.h"
#include "http/Router.h"
#include "ops/MetricsAccess.h"

namespace marquee::ops {

// Register last: the OpenAPI document is built from the router's full route table.
void register_ops_routes(http::Router& router, db::Database& db, const http::Metrics& metrics, MetricsAccess access);

}  // namespace marquee::ops

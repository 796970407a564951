#pragma once
// Operational endpoints: liveness (/api/health), readiness (/api/ready, checks the
// database), Prometheus metrics (/metrics) and the API description (/api/openapi.json).
#include "db/Database.h"
#include "http/Metrics.h"
#include "http/Router.h"

namespace marquee::ops {

// Register last: the OpenAPI document is built from the router's full route table.
void register_ops_routes(http::Router& router, db::Database& db, const http::Metrics& metrics);

}  // namespace marquee::ops

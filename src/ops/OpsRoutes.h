#pragma once
// Operational endpoints: liveness (/api/health), readiness (/api/ready: the database,
// then each ReadinessCheck), Prometheus metrics (/metrics, see MetricsAccess.h) and the API description (/api/openapi.json).
#include "db/Database.h"
#include "http/Metrics.h"
#include "http/Router.h"
#include <vector>

#include "ops/MetricsAccess.h"
#include "ops/ReadinessCheck.h"

namespace marquee::ops {

// Register last: the OpenAPI document is built from the router's full route table.
void register_ops_routes(http::Router& router, db::Database& db, const http::Metrics& metrics, MetricsAccess access,
                         std::vector<ReadinessCheck> checks = {});

}  // namespace marquee::ops

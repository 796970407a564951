#pragma once
// Builds the OpenAPI 3.1 document from the router's route table, so the description can
// not drift from what the server answers: every route appears with its summary, access
// rule and schemas; the shared schemas and the error envelope are defined once here.
#include <boost/json/object.hpp>

#include "http/Router.h"

namespace marquee::ops {

boost::json::object build_openapi(const http::Router& router);

}  // namespace marquee::ops

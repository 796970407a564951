#pragma once
// HTTP face of the job queue for admins: GET /api/admin/jobs lists jobs (filters state,
// kind, subject; cursor pages, newest first) and POST /api/admin/jobs/{id}/retry sends a
// dead or cancelled job back to the queue. Both require the admin role.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "jobs/JobQueue.h"

namespace marquee::jobs {

void register_job_routes(http::Router& router, JobQueue& queue, const accounts::RequestAuth& auth);

}  // namespace marquee::jobs

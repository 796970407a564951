-- wrk: one signed-in user toggles a like on one video (POST /api/videos/{id}/like), each
-- toggle a rating write and a rating.changed event.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MARQUEE_BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = "{}"

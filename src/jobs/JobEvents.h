#pragma once
// The facts the job queue publishes on the EventBus (events/EventBus.h).
namespace marquee::jobs {

// A job was queued (committed). Subject: its kind. Every process's WorkerPool wakes its idle
// threads, so a `marquee worker` on another machine starts it at once rather than at its
// next idle poll.
inline constexpr const char* kJobEnqueued = "job.enqueued";

}  // namespace marquee::jobs

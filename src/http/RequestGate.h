#pragma once
// What decides, once a request is routed and before its handler runs, whether it may go on
// at all: the rate limits (limits/RequestLimits.h). The pipeline asks it on every path
// (buffered, streaming and the I/O thread's fast paths) and reports the allowance it gives
// on the answer, so a client sees what it has left on every response.
#include <memory>
#include <optional>

#include "http/RateLimitFields.h"
#include "http/Request.h"
#include "http/Response.h"

namespace marquee::http {

struct Route;

struct GateDecision {
  enum class Outcome { pass, refuse, undecided };
  Outcome outcome = Outcome::pass;
  // refuse: the whole answer. Held by pointer: most requests pass, and a GateDecision is
  // built on every one, so it stays a few words instead of a whole Response.
  std::unique_ptr<Response> refusal;
  std::optional<RateLimitFields> rate_limit;  // pass: reported on the route's answer
};

class RequestGate {
 public:
  virtual ~RequestGate() = default;
  // `memory_only`: the caller is an I/O thread's fast path, which must not block; the gate
  // answers `undecided` when it cannot decide from memory (the request then goes to the
  // blocking pool, where it is asked again). Never throws.
  virtual GateDecision admit(const Request& request, const Route& route, bool memory_only) const = 0;
};

}  // namespace marquee::http

#pragma once
// What /api/ready asks besides the database: each shared dependency a node uses (the blob
// store, Redis) names itself and says what is wrong with it, or "" when nothing is.
//
// A failing dependency makes the node `degraded` (200), not unready (503): every node shares
// these, so a load balancer that took nodes out of rotation for them would turn a partial
// outage (uploads or segments failing) into a total one. Only the database, without which
// a node can answer nothing, makes it unready.
#include <functional>
#include <string>

namespace marquee::ops {

struct ReadinessCheck {
  std::string name;                    // the field in the answer: "blobs", "redis"
  std::function<std::string()> problem;  // "" when fine
};

}  // namespace marquee::ops

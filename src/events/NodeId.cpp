#include "events/NodeId.h"

#include <unistd.h>

#include <climits>

#include "core/Crypto.h"

namespace marquee::events {

std::string new_node_id() {
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "node") + ":" + std::to_string(::getpid()) + ":" +
         crypto::base64url_encode(crypto::random_bytes(6));
}

}  // namespace marquee::events

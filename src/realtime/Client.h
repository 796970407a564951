#pragma once
// One realtime connection as the rest of the realtime code sees it, whatever its protocol
// (/api/ws or Socket.IO over either transport): who it is, and a bounded queue of what it
// is sent. deliver() may be called from any thread; a client whose queue outgrows its limit
// is disconnected (a consumer that cannot keep up never grows the server's memory).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "realtime/OutboundEvent.h"

namespace marquee::realtime {

enum class Protocol { websocket, socketio };

// Who a connection acts as: anonymous, or a signed-in session until its token expires.
struct Identity {
  accounts::Caller caller;
  std::string session_id;
  Millis expires_at_ms = 0;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(std::uint64_t id, std::string remote_address) : id_(id), remote_address_(std::move(remote_address)) {}
  virtual ~Client() = default;

  virtual Protocol protocol() const = 0;
  // Queues an event for sending. Any thread; never blocks on the network.
  virtual void deliver(const OutboundEvent& event) = 0;
  // Closes the connection (a WebSocket close frame with `code`, or Engine.IO close). Any thread.
  virtual void disconnect(std::uint16_t code, const std::string& reason) = 0;
  // Called by the server a few times a second: heartbeats, token expiry, timeouts.
  virtual void tick(Millis now) = 0;

  std::uint64_t id() const { return id_; }
  const std::string& remote_address() const { return remote_address_; }

  Identity identity() const {
    std::lock_guard lock(identity_mutex_);
    return identity_;
  }
  void set_identity(Identity identity) {
    std::lock_guard lock(identity_mutex_);
    expires_at_ms_ = identity.caller ? identity.expires_at_ms : 0;
    identity_ = std::move(identity);
  }
  // When the signed-in token expires (0: anonymous), without copying the identity (the
  // heartbeat asks every socket each second).
  Millis expires_at_ms() const { return expires_at_ms_; }
  accounts::Caller caller() const { return identity().caller; }

 private:
  const std::uint64_t id_;
  const std::string remote_address_;
  mutable std::mutex identity_mutex_;
  Identity identity_;
  std::atomic<Millis> expires_at_ms_{0};
};

}  // namespace marquee::realtime

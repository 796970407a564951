#pragma once
// Which of this node's connections are in which room. Joins, leaves and sends come from
// every thread; a send copies the room's members under a shared lock and delivers outside
// it, so a slow client never holds the registry.
#include <cstddef>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "realtime/Client.h"

namespace marquee::realtime {

class RoomRegistry {
 public:
  enum class Joined { joined, already_in, too_many_rooms };
  Joined join(const std::shared_ptr<Client>& client, const std::string& room, std::size_t max_rooms);
  // False when the client was not in the room.
  bool leave(const Client& client, const std::string& room);
  // Every room the client was in (it is disconnecting).
  std::vector<std::string> leave_all(const Client& client);

  // How many of the room's members received the event.
  std::size_t send(const std::string& room, const OutboundEvent& event) const;
  std::vector<std::shared_ptr<Client>> members(const std::string& room) const;
  std::size_t member_count(const std::string& room) const;
  std::vector<std::string> rooms_of(const Client& client) const;
  // Rooms with at least one member whose name starts with `prefix` ("video:").
  std::vector<std::string> rooms_with_prefix(const std::string& prefix) const;
  std::size_t room_count() const;
  // Forgets every membership (the server is stopping).
  void clear();
  std::size_t client_count() const;
  // Called with a room's name when its first member joins or its last leaves (under no lock).
  void on_membership_changed(std::function<void(const std::string& room, std::size_t members)> handler) {
    membership_changed_ = std::move(handler);
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::unordered_map<const Client*, std::shared_ptr<Client>>> rooms_;
  std::unordered_map<const Client*, std::vector<std::string>> rooms_of_;
  std::function<void(const std::string&, std::size_t)> membership_changed_;
};

}  // namespace marquee::realtime

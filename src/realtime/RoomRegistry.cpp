#include "realtime/RoomRegistry.h"

#include <algorithm>
#include <mutex>

namespace marquee::realtime {

RoomRegistry::Joined RoomRegistry::join(const std::shared_ptr<Client>& client, const std::string& room,
                                        std::size_t max_rooms) {
  std::size_t count = 0;
  {
    std::unique_lock lock(mutex_);
    auto& mine = rooms_of_[client.get()];
    if (std::find(mine.begin(), mine.end(), room) != mine.end()) return Joined::already_in;
    if (mine.size() >= max_rooms) {
      if (mine.empty()) rooms_of_.erase(client.get());
      return Joined::too_many_rooms;
    }
    mine.push_back(room);
    auto& members = rooms_[room];
    members.emplace(client.get(), client);
    count = members.size();
  }
  if (membership_changed_) membership_changed_(room, count);
  return Joined::joined;
}

bool RoomRegistry::leave(const Client& client, const std::string& room) {
  std::size_t count = 0;
  {
    std::unique_lock lock(mutex_);
    auto mine = rooms_of_.find(&client);
    if (mine == rooms_of_.end()) return false;
    auto it = std::find(mine->second.begin(), mine->second.end(), room);
    if (it == mine->second.end()) return false;
    mine->second.erase(it);
    if (mine->second.empty()) rooms_of_.erase(mine);
    auto members = rooms_.find(room);
    if (members != rooms_.end()) {
      members->second.erase(&client);
      count = members->second.size();
      if (members->second.empty()) rooms_.erase(members);
    }
  }
  if (membership_changed_) membership_changed_(room, count);
  return true;
}

std::vector<std::string> RoomRegistry::leave_all(const Client& client) {
  std::vector<std::pair<std::string, std::size_t>> left;
  {
    std::unique_lock lock(mutex_);
    auto mine = rooms_of_.find(&client);
    if (mine == rooms_of_.end()) return {};
    for (const auto& room : mine->second) {
      auto members = rooms_.find(room);
      if (members == rooms_.end()) continue;
      members->second.erase(&client);
      left.emplace_back(room, members->second.size());
      if (members->second.empty()) rooms_.erase(members);
    }
    rooms_of_.erase(mine);
  }
  std::vector<std::string> names;
  for (const auto& [room, count] : left) {
    if (membership_changed_) membership_changed_(room, count);
    names.push_back(room);
  }
  return names;
}

std::size_t RoomRegistry::send(const std::string& room, const OutboundEvent& event) const {
  auto targets = members(room);
  for (const auto& client : targets) client->deliver(event);
  return targets.size();
}

std::vector<std::shared_ptr<Client>> RoomRegistry::members(const std::string& room) const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<Client>> out;
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return out;
  out.reserve(it->second.size());
  for (const auto& [raw, client] : it->second) out.push_back(client);
  return out;
}

std::size_t RoomRegistry::member_count(const std::string& room) const {
  std::shared_lock lock(mutex_);
  auto it = rooms_.find(room);
  return it == rooms_.end() ? 0 : it->second.size();
}

std::vector<std::string> RoomRegistry::rooms_of(const Client& client) const {
  std::shared_lock lock(mutex_);
  auto it = rooms_of_.find(&client);
  return it == rooms_of_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> RoomRegistry::rooms_with_prefix(const std::string& prefix) const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [room, members] : rooms_) {
    if (room.starts_with(prefix)) out.push_back(room);
  }
  return out;
}

void RoomRegistry::clear() {
  decltype(rooms_) rooms;
  {
    std::unique_lock lock(mutex_);
    rooms.swap(rooms_);
    rooms_of_.clear();
  }
}  // the clients go here, outside the lock

std::size_t RoomRegistry::room_count() const {
  std::shared_lock lock(mutex_);
  return rooms_.size();
}

std::size_t RoomRegistry::client_count() const {
  std::shared_lock lock(mutex_);
  return rooms_of_.size();
}

}  // namespace marquee::realtime

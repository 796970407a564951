// Room names, the room registry (joins, limits, leaving, sending) and the bounded send queue.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "realtime/Client.h"
#include "realtime/Room.h"
#include "realtime/RoomRegistry.h"
#include "realtime/SendQueue.h"

namespace marquee::realtime {
namespace {

class RecordingClient : public Client {
 public:
  explicit RecordingClient(std::uint64_t id) : Client(id, "127.0.0.1") {}
  Protocol protocol() const override { return Protocol::websocket; }
  void deliver(const OutboundEvent& event) override {
    std::lock_guard lock(mutex);
    received.push_back(*event.websocket_frame);
  }
  void disconnect(std::uint16_t, const std::string&) override {}
  void tick(Millis) override {}
  std::vector<std::string> frames() {
    std::lock_guard lock(mutex);
    return received;
  }

 private:
  std::mutex mutex;
  std::vector<std::string> received;
};

TEST(Room, parses_the_four_kinds_and_nothing_else) {
  EXPECT_EQ(parse_room("site")->kind, RoomKind::site);
  EXPECT_EQ(parse_room("video:AbC-12_x")->key, "AbC-12_x");
  EXPECT_EQ(parse_room("user:u1")->kind, RoomKind::user);
  EXPECT_EQ(parse_room("channel:alice.b")->kind, RoomKind::channel);
  EXPECT_EQ(parse_room("video:v1")->name(), "video:v1");
  for (const char* bad : {"", "site:", "video:", "video", "videos:1", "video:a b", "video:a:b", "user:ü",
                          "channel:../x/", "video:\n", ":x", "SITE"}) {
    EXPECT_FALSE(parse_room(bad)) << bad;
  }
  EXPECT_FALSE(parse_room("video:" + std::string(65, 'a')));
  EXPECT_TRUE(parse_room("video:" + std::string(64, 'a')));
}

TEST(RoomRegistry, sends_to_members_only_and_forgets_them_when_they_leave) {
  RoomRegistry rooms;
  auto a = std::make_shared<RecordingClient>(1);
  auto b = std::make_shared<RecordingClient>(2);
  EXPECT_EQ(rooms.join(a, "video:v1", 10), RoomRegistry::Joined::joined);
  EXPECT_EQ(rooms.join(a, "video:v1", 10), RoomRegistry::Joined::already_in);
  EXPECT_EQ(rooms.join(b, "video:v2", 10), RoomRegistry::Joined::joined);
  EXPECT_EQ(rooms.send("video:v1", encode_outbound("like_update", "video:v1", R"({"likes_count":1})")), 1u);
  EXPECT_EQ(a->frames().size(), 1u);
  EXPECT_EQ(a->frames()[0],
            R"({"type":"event","event":"like_update","room":"video:v1","data":{"likes_count":1}})");
  EXPECT_TRUE(b->frames().empty());
  EXPECT_TRUE(rooms.leave(*a, "video:v1"));
  EXPECT_FALSE(rooms.leave(*a, "video:v1"));
  EXPECT_EQ(rooms.send("video:v1", encode_outbound("x", "video:v1", "{}")), 0u);
  EXPECT_EQ(rooms.room_count(), 1u);
  EXPECT_EQ(rooms.leave_all(*b), std::vector<std::string>{"video:v2"});
  EXPECT_EQ(rooms.room_count(), 0u);
  EXPECT_EQ(rooms.client_count(), 0u);
}

TEST(RoomRegistry, refuses_a_room_past_the_limit) {
  RoomRegistry rooms;
  auto a = std::make_shared<RecordingClient>(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(rooms.join(a, "video:v" + std::to_string(i), 3), RoomRegistry::Joined::joined);
  EXPECT_EQ(rooms.join(a, "video:v9", 3), RoomRegistry::Joined::too_many_rooms);
  EXPECT_EQ(rooms.rooms_of(*a).size(), 3u);
}

TEST(RoomRegistry, reports_membership_changes_and_survives_concurrent_use) {
  RoomRegistry rooms;
  std::atomic<int> changes{0};
  rooms.on_membership_changed([&](const std::string&, std::size_t) { ++changes; });
  std::vector<std::shared_ptr<RecordingClient>> clients;
  for (int i = 0; i < 8; ++i) clients.push_back(std::make_shared<RecordingClient>(i + 1));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        auto& client = clients[(t * 2 + round) % clients.size()];
        rooms.join(client, "video:hot", 50);
        rooms.send("video:hot", encode_outbound("e", "video:hot", "{}"));
        rooms.leave(*client, "video:hot");
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GT(changes.load(), 0);
  EXPECT_EQ(rooms.member_count("video:hot"), 0u);
}

TEST(SendQueue, starts_the_writer_once_and_refuses_past_its_bound) {
  SendQueue queue(10);
  auto frame = [](std::size_t n) { return std::make_shared<const std::string>(n, 'x'); };
  EXPECT_EQ(queue.push(frame(4)), SendQueue::Pushed::start_writer);
  EXPECT_EQ(queue.push(frame(4)), SendQueue::Pushed::queued);
  EXPECT_EQ(queue.take().size(), 2u);
  EXPECT_EQ(queue.push(frame(4)), SendQueue::Pushed::queued);  // the writer is still running
  EXPECT_EQ(queue.take().size(), 1u);
  EXPECT_TRUE(queue.take().empty());  // the writer goes idle
  EXPECT_EQ(queue.push(frame(6)), SendQueue::Pushed::start_writer);
  EXPECT_EQ(queue.push(frame(6)), SendQueue::Pushed::overflow);
  // Once behind, nothing more is taken: the connection is being dropped.
  EXPECT_EQ(queue.push(frame(1)), SendQueue::Pushed::overflow);
}

TEST(OutboundEvent, encodes_socketio_and_websocket_forms_with_escaped_names) {
  auto event = encode_outbound("chat_message", "video:v\"1", R"({"text":"a\"b"})");
  EXPECT_EQ(*event.socketio_frame, R"(42["chat_message",{"text":"a\"b"}])");
  EXPECT_EQ(*event.websocket_frame,
            R"({"type":"event","event":"chat_message","room":"video:v\"1","data":{"text":"a\"b"}})");
}

}  // namespace
}  // namespace marquee::realtime

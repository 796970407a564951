// The realtime endpoints driven over real sockets: /api/ws with a Beast client (and
// hand-made frames for hostile input), Socket.IO's Engine.IO polling transport over HTTP.
// Rooms obey the HTTP API's rules; events arrive as users expect; limits hold. Real
// third-party clients (socket.io-client, ws) are in tests/interop/realtime_*.test.mjs.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cerrno>
#include <chrono>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

#include "support/TestServer.h"
#include "support/WebSocketTestClient.h"

namespace marquee::testing {
namespace {

using boost::json::object;
using namespace std::chrono_literals;

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

struct Realtime : ::testing::Test {
  void start(const std::function<void(Config&)>& tweak = {}) {
    server = std::make_unique<TestServer>(tweak);
    alice = server->register_user("alice");
    bob = server->register_user("bob");
  }
  void SetUp() override { start(); }

  std::string video(const std::string& visibility, const TestUser& owner) {
    auto r = server->client().post("/api/videos", object{{"title", "live"}, {"visibility", visibility}},
                                   owner.access_token);
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json().at("id"));
  }
  std::unique_ptr<WebSocketTestClient> ws(const TestUser* user = nullptr, const Headers& headers = {}) {
    std::string target = "/api/ws";
    if (user) target += "?access_token=" + user->access_token;
    return std::make_unique<WebSocketTestClient>(server->client().port(), target, headers);
  }
  static std::string code_of(const std::optional<object>& reply) {
    if (!reply || !reply->contains("code")) return reply ? "(no code: " + boost::json::serialize(*reply) + ")" : "(no reply)";
    return str(reply->at("code"));
  }

  std::unique_ptr<TestServer> server;
  TestUser alice, bob;
};

TEST_F(Realtime, a_signed_in_socket_says_hello_joins_a_video_and_sees_likes_made_over_http) {
  const std::string id = video("public", alice);
  auto socket = ws(&bob);
  ASSERT_TRUE(socket->open()) << socket->status();
  auto hello = socket->read_until([](const object& o) { return o.at("type") == "hello"; });
  ASSERT_TRUE(hello);
  EXPECT_EQ(str(hello->at("user_id")), bob.id);
  const auto& rooms = hello->at("rooms").as_array();
  EXPECT_NE(std::find(rooms.begin(), rooms.end(), boost::json::value("site")), rooms.end());
  EXPECT_NE(std::find(rooms.begin(), rooms.end(), boost::json::value("user:" + bob.id)), rooms.end());

  auto ack = socket->call({{"type", "subscribe"}, {"room", "video:" + id}});
  ASSERT_TRUE(ack);
  EXPECT_EQ(str(ack->at("type")), "ack");
  ASSERT_EQ(server->client().post("/api/videos/" + id + "/like", object{}, alice.access_token).status, 200);
  auto like = socket->event("like_update");
  ASSERT_TRUE(like);
  EXPECT_EQ(str(like->at("room")), "video:" + id);
  EXPECT_EQ(like->at("data").at("likes_count").as_int64(), 1);
  EXPECT_EQ(str(like->at("data").at("video_id")), id);
  // The room also hears how many are watching, on every node.
  auto views = socket->event("view_count");
  ASSERT_TRUE(views);
  EXPECT_EQ(views->at("data").at("watching_now").as_int64(), 1);

  auto pong = socket->call({{"type", "ping"}});
  ASSERT_TRUE(pong);
  EXPECT_EQ(str(pong->at("type")), "pong");
}

TEST_F(Realtime, likes_are_coalesced_to_one_a_second_and_the_last_count_always_arrives) {
  const std::string id = video("public", alice);
  auto socket = ws(&bob);
  ASSERT_TRUE(socket->call({{"type", "subscribe"}, {"room", "video:" + id}}));
  std::vector<TestUser> fans;
  for (int i = 0; i < 6; ++i) fans.push_back(server->register_user("fan"));
  for (const auto& fan : fans) {
    ASSERT_EQ(server->client().post("/api/videos/" + id + "/like", object{}, fan.access_token).status, 200);
  }
  // The first like goes at once; the other five within the same second become one update.
  std::vector<std::int64_t> counts;
  while (auto like = socket->event("like_update", 2500ms)) {
    counts.push_back(like->at("data").at("likes_count").as_int64());
    if (counts.back() == 6) break;
  }
  ASSERT_FALSE(counts.empty());
  EXPECT_EQ(counts.back(), 6);
  EXPECT_LE(counts.size(), 3u) << "likes within a second must be coalesced";
}

TEST_F(Realtime, rooms_follow_the_rules_of_the_http_api) {
  const std::string public_id = video("public", alice);
  const std::string private_id = video("private", alice);
  auto bobs = ws(&bob);
  EXPECT_EQ(code_of(bobs->call({{"type", "subscribe"}, {"room", "user:" + alice.id}})), "forbidden");
  EXPECT_EQ(code_of(bobs->call({{"type", "subscribe"}, {"room", "video:" + private_id}})), "not_found");
  EXPECT_EQ(code_of(bobs->call({{"type", "subscribe"}, {"room", "video:no-such-video"}})), "not_found");
  EXPECT_EQ(code_of(bobs->call({{"type", "subscribe"}, {"room", "channel:nobody-here"}})), "not_found");
  EXPECT_EQ(code_of(bobs->call({{"type", "subscribe"}, {"room", "video:../etc"}})), "bad_request");
  EXPECT_EQ(code_of(bobs->call({{"type", "subscribe"}})), "bad_request");
  EXPECT_EQ(str(bobs->call({{"type", "subscribe"}, {"room", "channel:" + alice.username}})->at("type")), "ack");
  EXPECT_EQ(str(bobs->call({{"type", "subscribe"}, {"room", "video:" + public_id}})->at("type")), "ack");

  auto alices = ws(&alice);
  EXPECT_EQ(str(alices->call({{"type", "subscribe"}, {"room", "video:" + private_id}})->at("type")), "ack");

  // An adult video's room, like its page, is for those past the age gate (and its owner).
  auto adult = server->client().post("/api/videos", object{{"title", "late"}, {"is_adult", true}}, alice.access_token);
  ASSERT_EQ(adult.status, 201);
  const std::string adult_id = str(adult.json().at("id"));
  EXPECT_EQ(code_of(bobs->call({{"type", "subscribe"}, {"room", "video:" + adult_id}})), "forbidden");
  EXPECT_EQ(str(alices->call({{"type", "subscribe"}, {"room", "video:" + adult_id}})->at("type")), "ack");
  ASSERT_EQ(server->client().patch("/api/me", object{{"adult_attested", true}}, bob.access_token).status, 200);
  EXPECT_EQ(str(ws(&bob)->call({{"type", "subscribe"}, {"room", "video:" + adult_id}})->at("type")), "ack");

  auto anonymous = ws();
  auto hello = anonymous->read_until([](const object& o) { return o.at("type") == "hello"; });
  ASSERT_TRUE(hello);
  EXPECT_TRUE(hello->at("user_id").is_null());
  EXPECT_EQ(code_of(anonymous->call({{"type", "subscribe"}, {"room", "user:" + bob.id}})), "unauthenticated");
  EXPECT_EQ(str(anonymous->call({{"type", "subscribe"}, {"room", "video:" + public_id}})->at("type")), "ack");
  // Signing in on the socket opens the user's own room.
  auto auth = anonymous->call({{"type", "auth"}, {"token", bob.access_token}});
  ASSERT_TRUE(auth);
  EXPECT_EQ(str(auth->at("data").at("user_id")), bob.id);
  EXPECT_EQ(code_of(anonymous->call({{"type", "auth"}, {"token", "not-a-token"}})), "unauthenticated");
}

TEST_F(Realtime, a_connection_joins_a_bounded_number_of_rooms) {
  start([](Config& c) { c.realtime_max_rooms_per_connection = 2; });
  auto socket = ws(&bob);
  for (int i = 0; i < 2; ++i) {
    auto id = video("public", alice);
    EXPECT_EQ(str(socket->call({{"type", "subscribe"}, {"room", "video:" + id}})->at("type")), "ack");
  }
  auto third = video("public", alice);
  EXPECT_EQ(code_of(socket->call({{"type", "subscribe"}, {"room", "video:" + third}})), "too_many_rooms");
}

TEST_F(Realtime, a_video_turned_private_evicts_those_who_may_no_longer_watch_it) {
  const std::string id = video("public", alice);
  auto bobs = ws(&bob);
  auto alices = ws(&alice);
  ASSERT_TRUE(bobs->call({{"type", "subscribe"}, {"room", "video:" + id}}));
  ASSERT_TRUE(alices->call({{"type", "subscribe"}, {"room", "video:" + id}}));
  ASSERT_EQ(server->client().patch("/api/videos/" + id, object{{"visibility", "private"}}, alice.access_token).status, 200);
  auto closed = bobs->event("room_closed");
  ASSERT_TRUE(closed);
  EXPECT_EQ(str(closed->at("data").at("room")), "video:" + id);
  // The owner stays, and still hears the room; bob does not.
  ASSERT_EQ(server->client().post("/api/videos/" + id + "/like", object{}, alice.access_token).status, 200);
  EXPECT_TRUE(alices->event("like_update"));
  EXPECT_FALSE(bobs->event("like_update", 1500ms));
}

TEST_F(Realtime, chat_is_acknowledged_relayed_listed_rate_limited_and_deleted_by_the_owner) {
  start([](Config& c) { c.realtime_chat_messages_per_minute = 3; });
  const std::string id = video("public", alice);
  auto bobs = ws(&bob);
  auto alices = ws(&alice);
  ASSERT_TRUE(alices->call({{"type", "subscribe"}, {"room", "video:" + id}}));
  auto ack = bobs->call({{"type", "chat"}, {"video_id", id}, {"text", "  hello <b>there</b>  "}});
  ASSERT_TRUE(ack);
  ASSERT_EQ(str(ack->at("type")), "ack") << boost::json::serialize(*ack);
  const auto& message = ack->at("data").as_object();
  EXPECT_EQ(str(message.at("text")), "hello <b>there</b>");  // trimmed, kept as plain text
  EXPECT_EQ(str(message.at("user").at("username")), bob.username);
  auto heard = alices->event("chat_message");
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->at("data").at("id"), message.at("id"));

  EXPECT_EQ(code_of(bobs->call({{"type", "chat"}, {"video_id", id}, {"text", "   "}})), "bad_request");
  EXPECT_EQ(code_of(bobs->call({{"type", "chat"}, {"video_id", id}, {"text", std::string(501, 'x')}})), "bad_request");
  auto anonymous = ws();
  EXPECT_EQ(code_of(anonymous->call({{"type", "chat"}, {"video_id", id}, {"text", "hi"}})), "unauthenticated");
  const std::string private_id = video("private", alice);
  EXPECT_EQ(code_of(bobs->call({{"type", "chat"}, {"video_id", private_id}, {"text", "hi"}})), "not_found");
  EXPECT_EQ(str(bobs->call({{"type", "chat"}, {"video_id", id}, {"text", "two"}})->at("type")), "ack");
  EXPECT_EQ(str(bobs->call({{"type", "chat"}, {"video_id", id}, {"text", "three"}})->at("type")), "ack");
  EXPECT_EQ(code_of(bobs->call({{"type", "chat"}, {"video_id", id}, {"text", "four"}})), "rate_limited");

  auto listed = server->client().get("/api/videos/" + id + "/chat");
  ASSERT_EQ(listed.status, 200);
  const auto listing = listed.json();
  const auto& items = listing.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(str(items[0].at("text")), "hello <b>there</b>");  // oldest first
  EXPECT_EQ(str(items[2].at("text")), "three");
  EXPECT_EQ(server->client().get("/api/videos/" + private_id + "/chat").status, 404);

  const std::string message_id = str(message.at("id"));
  TestUser carol = server->register_user("carol");
  EXPECT_EQ(server->client().del("/api/videos/" + id + "/chat/" + message_id, carol.access_token).status, 403);
  EXPECT_EQ(server->client().del("/api/videos/" + id + "/chat/" + message_id, alice.access_token).status, 204);
  auto deleted = alices->event("chat_deleted");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(str(deleted->at("data").at("id")), message_id);
  EXPECT_EQ(server->client().get("/api/videos/" + id + "/chat").json().at("items").as_array().size(), 2u);
}

TEST_F(Realtime, comments_and_notifications_reach_the_rooms_that_should_hear_them) {
  const std::string id = video("public", alice);
  auto bobs = ws(&bob);
  ASSERT_TRUE(bobs->call({{"type", "subscribe"}, {"room", "video:" + id}}));
  auto top = server->client().post("/api/videos/" + id + "/comments", object{{"text", "first"}}, bob.access_token);
  ASSERT_EQ(top.status, 201);
  const std::string top_id = str(top.json().at("id"));
  auto created = bobs->event("comment_created");
  ASSERT_TRUE(created);
  EXPECT_EQ(str(created->at("data").at("id")), top_id);
  EXPECT_EQ(str(created->at("data").at("video_id")), id);
  EXPECT_EQ(str(created->at("data").at("text")), "first");

  // A reply to bob's comment: stored, and pushed to bob's own room at once.
  ASSERT_EQ(server->client()
                .post("/api/videos/" + id + "/comments", object{{"text", "welcome"}, {"parent_id", top_id}},
                      alice.access_token)
                .status,
            201);
  auto note = bobs->event("notification");
  ASSERT_TRUE(note);
  EXPECT_EQ(str(note->at("room")), "user:" + bob.id);
  EXPECT_EQ(str(note->at("data").at("kind")), "comment_reply");
  EXPECT_EQ(note->at("data").at("unread_count").as_int64(), 1);

  ASSERT_EQ(server->client().del("/api/comments/" + top_id, bob.access_token).status, 204);
  auto gone = bobs->event("comment_deleted");
  ASSERT_TRUE(gone);
  EXPECT_EQ(str(gone->at("data").at("id")), top_id);
}

TEST_F(Realtime, hostile_frames_close_with_the_right_code_and_the_server_carries_on) {
  start([](Config& c) { c.realtime_max_payload_bytes = 4096; });
  const auto port = server->client().port();
  {
    auto socket = ws(&bob);
    socket->send("this is not json");
    EXPECT_EQ(socket->close_code(), 1008);
  }
  struct Hostile {
    const char* what;
    std::string bytes;
    int code;
  };
  const std::vector<Hostile> cases = {
      {"invalid UTF-8 in a text frame", ws_frame(true, 1, "\xc3\x28\xff"), 1007},
      {"an unmasked client frame", ws_frame(true, 1, R"({"type":"ping"})", false), 1002},
      {"a fragmented ping", ws_frame(false, 9, "x"), 1002},
      {"a reserved opcode", ws_frame(true, 3, "x"), 1002},
      {"a continuation with nothing to continue", ws_frame(true, 0, "x"), 1002},
      {"a binary frame", ws_frame(true, 2, "\x01\x02"), 1008},
      // Only the header of a 10,000-byte message: refused before its bytes are read.
      {"a message over realtime.max_payload_bytes", ws_frame(true, 1, std::string(10'000, 'x')).substr(0, 8), 1009},
  };
  for (const auto& hostile : cases) {
    int fd = raw_websocket(port, "/api/ws");
    ASSERT_GE(fd, 0) << hostile.what;
    ::send(fd, hostile.bytes.data(), hostile.bytes.size(), MSG_NOSIGNAL);
    EXPECT_EQ(raw_close_code(fd), hostile.code) << hostile.what;
    ::close(fd);
  }
  // Garbage after the handshake's request, before the 101, is no handshake at all.
  auto raw = server->client().raw(
      "GET /api/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n\x81\x05hello");
  EXPECT_EQ(raw.rfind("HTTP/1.1 400", 0), 0u) << raw;
  // A plain GET is told to upgrade.
  EXPECT_EQ(server->client().get("/api/ws").status, 426);
  // After all that, the server still serves sockets.
  auto socket = ws(&bob);
  EXPECT_TRUE(socket->call({{"type", "ping"}}));
}

TEST_F(Realtime, handshakes_check_tokens_origins_and_connections_per_address) {
  start([](Config& c) {
    c.realtime_origins = {"https://good.example"};
    c.realtime_max_connections_per_ip = 3;
  });
  EXPECT_EQ(WebSocketTestClient(server->client().port(), "/api/ws?access_token=forged").status(), 401);
  EXPECT_EQ(WebSocketTestClient(server->client().port(), "/api/ws", {{"Origin", "https://evil.example"}}).status(), 403);
  // A cookie signs a browser in only from this site or an origin of http.cors_origins: a page
  // of another site (allowed to open anonymous sockets here) cannot ride a visitor's cookie.
  auto hello_of = [&](const Headers& headers) {
    auto socket = ws(nullptr, headers);
    auto hello = socket->read_until([](const object& o) { return o.at("type") == "hello"; });
    return hello ? hello->at("user_id") : boost::json::value("(no hello)");
  };
  const std::string cookie = "marquee_access=" + bob.access_token;
  EXPECT_TRUE(hello_of({{"Cookie", cookie}, {"Origin", "https://good.example"}}).is_null());
  // Not a browser (no Origin, no Sec-Fetch-Site): nobody else's page can have sent the cookie.
  EXPECT_EQ(hello_of({{"Cookie", cookie}}), boost::json::value(bob.id));
  std::this_thread::sleep_for(300ms);  // those two are closed and counted out

  auto first = ws(&bob, {{"Origin", "https://good.example"}});
  EXPECT_TRUE(first->open());
  auto second = ws(&alice);
  auto third = ws(&alice);
  EXPECT_TRUE(second->open() && third->open());
  auto fourth = ws(&alice);
  EXPECT_FALSE(fourth->open());
  EXPECT_EQ(fourth->status(), 429);
  first.reset();  // a closed socket frees its place
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(ws(&alice)->open());
}

TEST_F(Realtime, a_consumer_that_cannot_keep_up_is_dropped_while_the_others_keep_receiving) {
  start([](Config& c) {
    c.realtime_send_queue_bytes = 8192;
    c.realtime_chat_messages_per_minute = 1'000'000;
  });
  const std::string id = video("public", alice);
  // The slow one never reads, with a tiny receive window.
  WebSocketTestClient slow(server->client().port(), "/api/ws?access_token=" + bob.access_token, {}, 2048);
  ASSERT_TRUE(slow.call({{"type", "subscribe"}, {"room", "video:" + id}}));
  auto listener = ws(&alice);
  ASSERT_TRUE(listener->call({{"type", "subscribe"}, {"room", "video:" + id}}));
  auto sender = ws(&alice);
  const std::string text(480, 'z');
  int heard = 0;
  std::thread reader([&] {
    while (heard < 400 && listener->event("chat_message", 5s)) ++heard;
  });
  int acked = 0;
  for (int i = 0; i < 400; ++i) {
    auto ack = sender->call({{"type", "chat"}, {"video_id", id}, {"text", text}});
    if (ack && ack->at("type") == "ack") ++acked;
  }
  reader.join();
  EXPECT_EQ(acked, 400);
  EXPECT_EQ(heard, 400) << "a slow consumer must not hold up the others";
  auto metrics = server->client().get("/metrics").body;
  const std::string name = "\nmarquee_realtime_slow_consumers_dropped_total ";
  auto at = metrics.find(name);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(std::stod(metrics.substr(at + name.size())), 1.0);
  // The slow one finds its connection gone once it reads what the kernel held.
  EXPECT_TRUE(slow.close_code(10s).has_value());
}

TEST_F(Realtime, an_expired_token_is_told_and_the_socket_closes_after_the_grace) {
  start([](Config& c) {
    c.access_token_ttl_s = 10;
    c.realtime_auth_grace_ms = 500;
  });
  TestUser carol = server->register_user("carol");
  auto socket = ws(&carol);
  ASSERT_TRUE(socket->open());
  auto expired = socket->read_until([](const object& o) { return o.at("type") == "auth_expired"; }, 15s);
  ASSERT_TRUE(expired);
  EXPECT_EQ(socket->close_code(5s), 4001);
}

TEST_F(Realtime, signing_out_closes_the_sessions_sockets_at_once) {
  auto socket = ws(&bob);
  ASSERT_TRUE(socket->call({{"type", "ping"}}));
  auto other_session = server->sign_in(bob);
  auto other = ws(&other_session);
  ASSERT_TRUE(other->call({{"type", "ping"}}));
  ASSERT_EQ(server->client().post("/api/auth/logout", object{{"refresh_token", bob.refresh_token}}).status, 204);
  EXPECT_EQ(socket->close_code(), 4001);
  // Another session of the same user goes on.
  EXPECT_TRUE(other->call({{"type", "ping"}}));
  // Log out everywhere: that one closes too.
  ASSERT_EQ(server->client().post("/api/auth/logout-all", object{}, other_session.access_token).status, 204);
  EXPECT_EQ(other->close_code(), 4001);
}

TEST_F(Realtime, a_client_that_pings_without_reading_the_pongs_is_dropped) {
  int fd = raw_websocket(server->client().port(), "/api/ws");
  ASSERT_GE(fd, 0);
  int small = 4096;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  // Each ping is owed a 125-byte pong; the server's buffers fill, then its backlog of pongs.
  const std::string ping = ws_frame(true, 9, std::string(125, 'p'));
  std::string burst;
  for (int i = 0; i < 200; ++i) burst += ping;
  // A command right behind the pings: read after the connection was dropped, it must not run.
  burst += ws_frame(true, 1, R"({"type":"subscribe","room":"site"})");
  bool refused = false;
  for (int round = 0; round < 100 && !refused; ++round) {
    refused = ::send(fd, burst.data(), burst.size(), MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN;
    std::this_thread::sleep_for(5ms);
  }
  // Reading now drains what the kernel held, then finds the connection gone.
  EXPECT_TRUE(raw_close_code(fd, 10s).has_value());
  ::close(fd);
  auto socket = ws(&bob);  // the server carries on
  EXPECT_TRUE(socket->call({{"type", "ping"}}));
}

TEST_F(Realtime, a_stopping_server_closes_its_sockets_cleanly) {
  auto socket = ws(&bob);
  ASSERT_TRUE(socket->call({{"type", "ping"}}));
  std::thread stopper([this] { server->app().stop(); });
  EXPECT_EQ(socket->close_code(), 1001);
  stopper.join();
}

// Socket.IO's long-polling transport, spoken by hand.
struct SocketIoPolling : Realtime {
  HttpResult get(const std::string& query, const Headers& headers = {}) {
    return server->client().request("GET", "/socket.io/?" + query, "", headers);
  }
  HttpResult post(const std::string& query, const std::string& body) {
    return server->client().request("POST", "/socket.io/?" + query, body, {{"Content-Type", "text/plain;charset=UTF-8"}});
  }
  // A new session's id.
  std::string handshake() {
    auto open = get("EIO=4&transport=polling");
    EXPECT_EQ(open.status, 200);
    EXPECT_EQ(open.body[0], '0');
    return str(boost::json::parse(open.body.substr(1)).at("sid"));
  }
};

TEST_F(SocketIoPolling, the_handshake_carries_the_reference_servers_settings) {
  auto open = get("EIO=4&transport=polling&t=abc");
  ASSERT_EQ(open.status, 200);
  ASSERT_EQ(open.body[0], '0');
  auto settings = boost::json::parse(open.body.substr(1)).as_object();
  EXPECT_EQ(settings.at("pingInterval").as_int64(), 25000);
  EXPECT_EQ(settings.at("pingTimeout").as_int64(), 20000);
  EXPECT_EQ(settings.at("maxPayload").as_int64(), 1000000);
  EXPECT_EQ(settings.at("upgrades").as_array().at(0), "websocket");
  EXPECT_EQ(str(settings.at("sid")).size(), 20u);
}

TEST_F(SocketIoPolling, connects_joins_with_acks_and_receives_events_by_polling) {
  const std::string id = video("public", alice);
  const std::string sid = handshake();
  const std::string q = "EIO=4&transport=polling&sid=" + sid;
  ASSERT_EQ(post(q, "40" + boost::json::serialize(object{{"token", bob.access_token}})).body, "ok");
  auto connected = get(q);
  ASSERT_EQ(connected.status, 200);
  ASSERT_EQ(connected.body.rfind("40{\"sid\":", 0), 0u) << connected.body;
  // Two packets in one payload, separated by the record separator.
  ASSERT_EQ(post(q, "421[\"join\",\"video:" + id + "\"]\x1e" "422[\"join\",\"user:" + alice.id + "\"]").body, "ok");
  auto acks = get(q);
  EXPECT_NE(acks.body.find("431[{\"ok\":true,\"room\":\"video:" + id + "\"}]"), std::string::npos) << acks.body;
  EXPECT_NE(acks.body.find("432[{\"error\":{\"code\":\"forbidden\""), std::string::npos) << acks.body;
  // An event arrives on the next poll, which waits for it.
  std::thread liker([&] {
    std::this_thread::sleep_for(200ms);
    server->client().post("/api/videos/" + id + "/like", object{}, alice.access_token);
  });
  std::string seen;
  for (int i = 0; i < 5 && seen.find("like_update") == std::string::npos; ++i) seen += get(q).body;
  liker.join();
  EXPECT_NE(seen.find("42[\"like_update\",{\"video_id\":\"" + id + "\",\"likes_count\":1"), std::string::npos) << seen;
}

TEST_F(SocketIoPolling, refuses_bad_versions_transports_sessions_namespaces_tokens_and_packets) {
  auto code = [](const HttpResult& r) { return r.status == 400 ? boost::json::parse(r.body).at("code").as_int64() : -1; };
  EXPECT_EQ(code(get("EIO=3&transport=polling")), 5);
  EXPECT_EQ(code(get("transport=polling")), 5);
  EXPECT_EQ(code(get("EIO=4&transport=carrier-pigeon")), 0);
  EXPECT_EQ(code(get("EIO=4&transport=polling&sid=nope")), 1);
  EXPECT_EQ(code(post("EIO=4&transport=polling", "40")), 2);

  const std::string sid = handshake();
  const std::string q = "EIO=4&transport=polling&sid=" + sid;
  ASSERT_EQ(post(q, "40/admin,").body, "ok");
  EXPECT_EQ(get(q).body, "44/admin,{\"message\":\"Invalid namespace\"}");
  ASSERT_EQ(post(q, "40{\"token\":\"forged\"}").body, "ok");
  EXPECT_EQ(get(q).body.rfind("44{\"message\":\"invalid token\"", 0), 0u);
  // A malformed packet ends the session.
  EXPECT_EQ(code(post(q, "42[\"join\"")), 3);
  EXPECT_EQ(code(get(q)), 1);

  const std::string other = handshake();
  EXPECT_EQ(code(post("EIO=4&transport=polling&sid=" + other, "")), 3);
  EXPECT_EQ(code(post("EIO=4&transport=polling&sid=" + handshake(), "9")), 3);
}

TEST_F(SocketIoPolling, answers_listed_origins_with_credentials_and_others_without) {
  start([](Config& c) { c.cors_origins = {"https://app.example"}; });
  auto listed = get("EIO=4&transport=polling", {{"Origin", "https://app.example"}});
  EXPECT_EQ(listed.headers.get("Access-Control-Allow-Origin").value_or(""), "https://app.example");
  EXPECT_EQ(listed.headers.get("Access-Control-Allow-Credentials").value_or(""), "true");
  auto other = get("EIO=4&transport=polling", {{"Origin", "https://other.example"}});
  EXPECT_FALSE(other.headers.get("Access-Control-Allow-Origin"));
  auto preflight = server->client().request("OPTIONS", "/socket.io/?EIO=4&transport=polling", "",
                                            {{"Origin", "https://app.example"},
                                             {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers.get("Access-Control-Allow-Origin").value_or(""), "https://app.example");
}

TEST_F(SocketIoPolling, a_session_has_one_probing_socket_and_one_probe) {
  const std::string sid = handshake();
  const auto port = server->client().port();
  const std::string target = "/socket.io/?EIO=4&transport=websocket&sid=" + sid;
  WebSocketTestClient probe(port, target);
  ASSERT_TRUE(probe.open());
  WebSocketTestClient second(port, target);  // refused: the session has its probe
  EXPECT_FALSE(second.open());
  probe.send("2probe");
  EXPECT_EQ(probe.read(), "3probe");
  probe.send("2probe");  // a second probe is not the protocol
  EXPECT_TRUE(probe.close_code().has_value());
}

}  // namespace
}  // namespace marquee::testing

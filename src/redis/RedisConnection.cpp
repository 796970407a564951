#include "redis/RedisConnection.h"

#include <hiredis.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace marquee::redis {
namespace {

RedisReply copy_reply(const redisReply& in) {
  RedisReply out;
  switch (in.type) {
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::status;
      out.text.assign(in.str, in.len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::error;
      out.text.assign(in.str, in.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::integer;
      out.integer = in.integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::string;
      out.text.assign(in.str, in.len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::array;
      out.elements.reserve(in.elements);
      for (std::size_t i = 0; i < in.elements; ++i) out.elements.push_back(copy_reply(*in.element[i]));
      break;
    default:
      out.type = RedisReply::Type::nil;
  }
  return out;
}

std::string context_error(const redisContext* context) {
  if (!context) return "out of memory";
  return context->errstr[0] != '\0' ? std::string(context->errstr) : "connection failed";
}

// CLIENT SETNAME refuses spaces and anything unprintable.
std::string client_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (c <= ' ' || c > '~') c = '_';
  }
  return out;
}

}  // namespace

std::unique_ptr<RedisConnection> RedisConnection::open(const RedisUrl& url, const std::string& name,
                                                       WaitLimits& limits, std::string& error) {
  // Non-blocking from the start: connect() returns at once and the wait below honours the
  // deadline and the stop signal, which a blocking connect would not.
  redisContext* context = url.transport == RedisUrl::Transport::unix_socket
                              ? redisConnectUnixNonBlock(url.socket_path.c_str())
                              : redisConnectNonBlock(url.host.c_str(), url.port);
  if (!context || context->err) {
    error = context_error(context);
    if (context) redisFree(context);
    return nullptr;
  }
  std::unique_ptr<RedisConnection> connection(new RedisConnection(context));
  switch (wait_for_socket(context->fd, POLLOUT, limits)) {
    case WaitResult::stopped:
      error = "stopped while connecting";
      return nullptr;
    case WaitResult::timed_out:
      error = "timed out connecting";
      return nullptr;
    case WaitResult::ready:
      break;
  }
  int socket_error = 0;
  socklen_t length = sizeof socket_error;
  if (::getsockopt(context->fd, SOL_SOCKET, SO_ERROR, &socket_error, &length) != 0) socket_error = errno;
  if (socket_error != 0) {
    error = std::strerror(socket_error);
    return nullptr;
  }
  // A peer that vanished without closing (a machine gone, a cable cut) is noticed by the
  // kernel after a while even on an idle connection.
  if (url.transport == RedisUrl::Transport::tcp) redisEnableKeepAlive(context);

  std::vector<RedisCommand> hello;
  if (!url.password.empty()) {
    hello.push_back(url.username.empty() ? RedisCommand{"AUTH", url.password}
                                         : RedisCommand{"AUTH", url.username, url.password});
  }
  if (url.db != 0) hello.push_back({"SELECT", std::to_string(url.db)});
  hello.push_back({"CLIENT", "SETNAME", client_name(name)});
  std::vector<RedisReply> replies;
  if (connection->run(hello, replies, limits, error) != RedisIo::ok) return nullptr;
  std::size_t next = 0;
  if (!url.password.empty() && replies[next++].is_error()) {
    error = "AUTH failed: " + replies[next - 1].text;
    return nullptr;
  }
  if (url.db != 0 && replies[next++].is_error()) {
    error = "SELECT " + std::to_string(url.db) + " failed: " + replies[next - 1].text;
    return nullptr;
  }
  // A server that wants a password says so to the first command, whatever it is.
  if (replies[next].is_error("NOAUTH")) {
    error = replies[next].text;
    return nullptr;
  }
  return connection;
}

RedisConnection::~RedisConnection() { redisFree(context_); }

RedisIo RedisConnection::fail(RedisIo why, std::string& error, const std::string& message) {
  broken_ = true;
  error = message;
  return why;
}

RedisIo RedisConnection::flush(WaitLimits& limits, std::string& error) {
  for (;;) {
    int done = 0;
    if (redisBufferWrite(context_, &done) != REDIS_OK) return fail(RedisIo::failed, error, context_error(context_));
    if (done) return RedisIo::ok;
    switch (wait_for_socket(context_->fd, POLLOUT, limits)) {
      case WaitResult::stopped:
        return fail(RedisIo::stopped, error, "stopped");
      case WaitResult::timed_out:
        return fail(RedisIo::timed_out, error, "no answer from Redis in time");
      case WaitResult::ready:
        break;
    }
  }
}

RedisIo RedisConnection::send(const std::vector<RedisCommand>& commands, WaitLimits& limits, std::string& error) {
  if (broken_) return fail(RedisIo::failed, error, "the connection failed earlier");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const RedisCommand& command : commands) {
    argv.clear();
    lengths.clear();
    for (const std::string& word : command) {
      argv.push_back(word.data());
      lengths.push_back(word.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK) {
      return fail(RedisIo::failed, error, context_error(context_));
    }
  }
  return flush(limits, error);
}

RedisIo RedisConnection::next(RedisReply& reply, WaitLimits& limits, std::string& error) {
  if (broken_) return fail(RedisIo::failed, error, "the connection failed earlier");
  for (;;) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) return fail(RedisIo::failed, error, context_error(context_));
    if (raw) {
      reply = copy_reply(*static_cast<redisReply*>(raw));
      freeReplyObject(raw);
      return RedisIo::ok;
    }
    switch (wait_for_socket(context_->fd, POLLIN, limits)) {
      case WaitResult::stopped:
        // Not broken: nothing was half read; a subscriber may still close it politely.
        error = "stopped";
        return RedisIo::stopped;
      case WaitResult::timed_out:
        error = "no answer from Redis in time";
        return RedisIo::timed_out;
      case WaitResult::ready:
        break;
    }
    if (redisBufferRead(context_) != REDIS_OK) return fail(RedisIo::failed, error, context_error(context_));
  }
}

RedisIo RedisConnection::run(const std::vector<RedisCommand>& commands, std::vector<RedisReply>& replies,
                             WaitLimits& limits, std::string& error) {
  replies.clear();
  if (const RedisIo sent = send(commands, limits, error); sent != RedisIo::ok) return sent;
  replies.resize(commands.size());
  for (RedisReply& reply : replies) {
    if (const RedisIo read = next(reply, limits, error); read != RedisIo::ok) {
      broken_ = true;  // a reply left unread would answer the next command
      return read;
    }
  }
  return RedisIo::ok;
}

RedisIo RedisConnection::run(const RedisCommand& command, RedisReply& reply, WaitLimits& limits, std::string& error) {
  std::vector<RedisReply> replies;
  const RedisIo io = run(std::vector<RedisCommand>{command}, replies, limits, error);
  if (io == RedisIo::ok) reply = std::move(replies.front());
  return io;
}

bool RedisConnection::usable() {
  if (broken_) return false;
  pollfd fd{context_->fd, POLLIN, 0};
  if (::poll(&fd, 1, 0) <= 0) return true;
  // Nothing is ever due on an idle request/reply connection: readable means closed (EOF or
  // an error), or a stray reply that would answer the next command. Either way it is done.
  redisBufferRead(context_);
  broken_ = true;
  return false;
}

}  // namespace marquee::redis

#include "http/StreamedBody.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <optional>

namespace marquee::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// The unit handed to the sink. Large, so that one recvmsg takes whatever the socket has
// queued and the blocking pool is visited once per MiB rather than per few KB.
constexpr std::size_t kChunkBytes = 1 << 20;

// Chunks start on a page boundary (and full ones are whole pages), so a sink that writes
// with O_DIRECT — the upload spool — hands them to the disk as they are, without a copy.
constexpr std::size_t kChunkAlignment = 4096;

class AlignedChunk {
 public:
  void allocate(std::size_t size) {
    std::size_t rounded = (size + kChunkAlignment - 1) / kChunkAlignment * kChunkAlignment;
    bytes_.reset(static_cast<char*>(std::aligned_alloc(kChunkAlignment, std::max(rounded, kChunkAlignment))));
    if (!bytes_) throw std::bad_alloc();
  }
  bool empty() const { return !bytes_; }
  char* data() const { return bytes_.get(); }

 private:
  std::unique_ptr<char, void (*)(void*)> bytes_{nullptr, &std::free};
};

// One job on the blocking pool whose result the connection's coroutine collects later, so
// the connection keeps receiving while the disk works. The completion comes back to the
// connection's own (single-threaded) executor, so no state here is shared across threads.
// wait() must have returned before the job's captures or this object go away.
class PoolJob {
 public:
  explicit PoolJob(const asio::any_io_executor& connection) : wakeup_(connection) {}

  void start(asio::thread_pool& pool, std::function<bool()> work) {
    running_ = true;
    result_.reset();
    asio::post(pool, [this, work = std::move(work)] {
      bool ok = false;
      try {
        ok = work();
      } catch (const std::exception& e) {
        spdlog::warn("request body: {}", e.what());
      }
      asio::post(wakeup_.get_executor(), [this, ok] {
        result_ = ok;
        wakeup_.cancel();
      });
    });
  }

  bool running() const { return running_ && !result_; }

  // The job's result (true when none was started); running() is false afterwards.
  asio::awaitable<bool> wait() {
    if (!running_) co_return true;
    while (!result_) {
      wakeup_.expires_at(asio::steady_timer::time_point::max());
      co_await wakeup_.async_wait(tuple_awaitable);
    }
    running_ = false;
    co_return *result_;
  }

 private:
  asio::steady_timer wakeup_;
  bool running_ = false;
  std::optional<bool> result_;
};

// The body's bytes into caller-owned memory, each read bounded by the read timeout.
class BodyReader {
 public:
  BodyReader(beast::tcp_stream& stream, beast::flat_buffer& buffer,
             bhttp::request_parser<bhttp::empty_body>& header_parser, const StreamedBodyOptions& options)
      : stream_(stream), buffer_(buffer), timeout_(options.read_timeout) {
    if (auto length = header_parser.content_length(); length && !header_parser.chunked()) {
      remaining_ = *length;
    } else {
      parser_.emplace(std::move(header_parser));
      parser_->body_limit(static_cast<std::uint64_t>(options.max_bytes));
    }
  }

  bool done() const { return parser_ ? parser_->is_done() : remaining_ == 0; }
  // The body's size when it was declared up front.
  std::optional<std::uint64_t> declared() const {
    return parser_ ? std::nullopt : std::optional<std::uint64_t>(remaining_);
  }

  struct Got {
    boost::system::error_code ec;
    std::size_t bytes = 0;
  };
  // Some bytes (up to `size`) into `data`, or an error: the client went away, stalled past
  // the read timeout, or sent a malformed or oversized chunked body.
  asio::awaitable<Got> read(char* data, std::size_t size) {
    if (parser_) co_return co_await read_chunked(data, size);
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size, remaining_));
    if (buffer_.size() > 0) {  // body bytes that arrived with the header
      std::size_t n = std::min(want, buffer_.size());
      std::memcpy(data, buffer_.data().data(), n);
      buffer_.consume(n);
      remaining_ -= n;
      co_return Got{{}, n};
    }
    stream_.expires_after(timeout_);
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(data, want), tuple_awaitable);
    remaining_ -= n;
    co_return Got{ec, n};
  }

 private:
  asio::awaitable<Got> read_chunked(char* data, std::size_t size) {
    auto& body = parser_->get().body();
    body.data = data;
    body.size = size;
    stream_.expires_after(timeout_);
    auto [ec, n] = co_await bhttp::async_read_some(stream_, buffer_, *parser_, tuple_awaitable);
    if (ec == bhttp::error::need_buffer) ec = {};
    co_return Got{ec, size - body.size};
  }

  beast::tcp_stream& stream_;
  beast::flat_buffer& buffer_;
  std::chrono::milliseconds timeout_;
  std::uint64_t remaining_ = 0;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> parser_;  // chunked bodies only
};

}  // namespace

asio::awaitable<bool> receive_streamed_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                            bhttp::request_parser<bhttp::empty_body>& header_parser, BodySink& sink,
                                            asio::thread_pool& blocking, const StreamedBodyOptions& options) {
  if (header_parser.is_done()) co_return true;
  if (!sink.wants_body()) co_return false;
  if (options.expects_continue) {
    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
    stream.expires_after(options.read_timeout);
    auto [ec, n] = co_await bhttp::async_write(stream, cont, tuple_awaitable);
    if (ec) co_return false;
  }
  BodyReader reader(stream, buffer, header_parser, options);
  if (reader.done()) co_return true;

  // Two chunks: one being received, the other being written by the sink. A small body
  // gets a chunk of its own size.
  std::size_t chunk_size = kChunkBytes;
  if (auto declared = reader.declared()) chunk_size = static_cast<std::size_t>(std::min<std::uint64_t>(*declared, kChunkBytes));
  std::array<AlignedChunk, 2> chunks;
  chunks[0].allocate(chunk_size);
  std::size_t current = 0, filled = 0;
  PoolJob writing(stream.get_executor());
  PoolJob checkpointing(stream.get_executor());
  bool received = true, accepted = true;

  while (received && accepted) {
    auto got = co_await reader.read(chunks[current].data() + filled, chunk_size - filled);
    filled += got.bytes;
    received = !got.ec;
    bool last = !received || reader.done();
    if (filled < chunk_size && !last) continue;

    // The previous chunk must be written before this one goes: the sink sees them in order.
    accepted = co_await writing.wait();
    if (accepted && !checkpointing.running()) {
      accepted = co_await checkpointing.wait();  // collects a finished checkpoint's result
      if (accepted && sink.checkpoint_due()) {
        checkpointing.start(blocking, [&sink] {
          sink.checkpoint();
          return true;
        });
      }
    }
    if (accepted && filled > 0) {
      writing.start(blocking, [&sink, data = chunks[current].data(), filled] {
        return sink.write(std::string_view(data, filled));
      });
      current ^= 1;
      filled = 0;
      if (chunks[current].empty()) chunks[current].allocate(chunk_size);
    }
    if (last) break;
  }
  // Nothing of the sink may outlive this frame, whatever ended the loop.
  bool written = co_await writing.wait();
  bool checkpointed = co_await checkpointing.wait();
  co_return received && accepted && written && checkpointed && reader.done();
}

}  // namespace marquee::http

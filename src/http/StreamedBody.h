#pragma once
// Receiving a streaming route's body (uploads) into its BodySink. Private to the transport:
// only HttpServer.cpp includes it, so Beast and Asio stay out of the headers features see.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <chrono>
#include <cstdint>

#include "http/Router.h"

namespace marquee::http {

struct StreamedBodyOptions {
  std::int64_t max_bytes = 0;  // the route's limit (a declared Content-Length was checked already)
  std::chrono::milliseconds read_timeout{30'000};  // per read: a stalled client is cut off
  bool expects_continue = false;                   // send 100 Continue before reading
};

// Reads the body after `header_parser` and feeds it to `sink`: a Content-Length body
// straight from the socket into large chunks (whatever the header read had already
// buffered first), a chunked one through Beast's parser. Each full chunk is written on
// `blocking` while the next one is received; checkpoints run there too, overlapping both.
// Returns once nothing of the sink runs any more: true when the whole body arrived and the
// sink took all of it. Bytes after the body (a pipelined request) stay in `buffer`.
boost::asio::awaitable<bool> receive_streamed_body(boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer,
                                                   boost::beast::http::request_parser<boost::beast::http::empty_body>& header_parser,
                                                   BodySink& sink, boost::asio::thread_pool& blocking,
                                                   const StreamedBodyOptions& options);

}  // namespace marquee::http

#pragma once
// The socket of a request that asked for a WebSocket, with the parsed request Beast needs
// to complete the handshake. Included only by the transport and WebSocket code.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include "http/SocketEndpoint.h"

namespace marquee::http {

struct UpgradedConnection {
  boost::asio::ip::tcp::socket socket;
  boost::beast::http::request<boost::beast::http::empty_body> request;
};

}  // namespace marquee::http

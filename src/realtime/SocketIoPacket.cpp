#include "realtime/SocketIoPacket.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <exception>

#include "core/Text.h"

namespace marquee::realtime::socketio {

namespace bj = boost::json;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// All-digit, non-empty, and at most `max`; refuses before it can overflow.
std::optional<std::uint64_t> parse_decimal(std::string_view digits, std::uint64_t max) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (max - d) / 10) return std::nullopt;
    value = value * 10 + d;
  }
  return value;
}

bool is_valid_namespace(std::string_view nsp) {
  if (nsp.empty() || nsp.front() != '/') return false;
  for (unsigned char c : nsp) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return text::is_valid_utf8(nsp);
}

bool is_binary(PacketType type) { return type == PacketType::binary_event || type == PacketType::binary_ack; }

bool is_payload_valid(PacketType type, const std::optional<bj::value>& data) {
  switch (type) {
    case PacketType::connect:
      return !data || data->is_object();
    case PacketType::disconnect:
      return !data;
    case PacketType::connect_error:
      return data && (data->is_object() || data->is_string());
    case PacketType::event:
    case PacketType::binary_event:
      return data && data->is_array() && !data->get_array().empty() && data->get_array().front().is_string();
    case PacketType::ack:
    case PacketType::binary_ack:
      return data && data->is_array();
  }
  return false;
}

// Every {"_placeholder":true,...} must carry an integer "num" in [0, attachments). Depth is
// bounded by the parser's max_depth, so the recursion is too.
bool placeholders_valid(const bj::value& v, std::size_t attachments) {
  if (v.is_array()) {
    for (const bj::value& item : v.get_array()) {
      if (!placeholders_valid(item, attachments)) return false;
    }
    return true;
  }
  if (!v.is_object()) return true;
  const bj::object& object = v.get_object();
  if (const bj::value* flag = object.if_contains("_placeholder"); flag && flag->is_bool() && flag->get_bool()) {
    const bj::value* num = object.if_contains("num");
    if (!num) return false;
    if (num->is_uint64()) return num->get_uint64() < attachments;
    if (num->is_int64()) return num->get_int64() >= 0 && static_cast<std::uint64_t>(num->get_int64()) < attachments;
    return false;
  }
  for (const auto& entry : object) {
    if (!placeholders_valid(entry.value(), attachments)) return false;
  }
  return true;
}

std::optional<bj::value> parse_json(std::string_view text) {
  bj::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  bj::value value = bj::parse(bj::string_view(text.data(), text.size()), ec, bj::storage_ptr(), options);
  if (ec) return std::nullopt;
  return value;
}

std::optional<Packet> decode_unchecked(std::string_view text, std::size_t max_bytes) {
  if (text.empty() || text.size() > max_bytes) return std::nullopt;
  char type_char = text.front();
  if (type_char < '0' || type_char > '6') return std::nullopt;
  Packet p;
  p.type = static_cast<PacketType>(type_char - '0');
  std::size_t i = 1;

  if (is_binary(p.type)) {
    std::size_t dash = text.find('-', i);
    if (dash == std::string_view::npos) return std::nullopt;
    auto count = parse_decimal(text.substr(i, dash - i), kMaxAttachments);
    if (!count) return std::nullopt;
    p.attachments = static_cast<std::size_t>(*count);
    i = dash + 1;
  }

  if (i < text.size() && text[i] == '/') {
    std::size_t comma = text.find(',', i);
    std::size_t end = comma == std::string_view::npos ? text.size() : comma;
    std::string_view nsp = text.substr(i, end - i);
    if (!is_valid_namespace(nsp)) return std::nullopt;
    p.nsp = std::string(nsp);
    i = comma == std::string_view::npos ? text.size() : comma + 1;
  }

  std::size_t digits_end = i;
  while (digits_end < text.size() && is_digit(text[digits_end])) ++digits_end;
  if (digits_end > i) {
    auto id = parse_decimal(text.substr(i, digits_end - i), kMaxAckId);
    if (!id) return std::nullopt;
    p.id = *id;
    i = digits_end;
  }

  if (i < text.size()) {
    p.data = parse_json(text.substr(i));
    if (!p.data) return std::nullopt;
  }
  if (!is_payload_valid(p.type, p.data)) return std::nullopt;
  if (is_binary(p.type) && !placeholders_valid(*p.data, p.attachments)) return std::nullopt;
  return p;
}

}  // namespace

std::string encode(const Packet& p) {
  std::string out(1, static_cast<char>('0' + static_cast<int>(p.type)));
  if (is_binary(p.type)) {
    out += std::to_string(p.attachments);
    out += '-';
  }
  if (!p.nsp.empty() && p.nsp != "/") {
    out += p.nsp;
    out += ',';
  }
  if (p.id) out += std::to_string(*p.id);
  if (p.data) out += bj::serialize(*p.data);
  return out;
}

std::optional<Packet> decode(std::string_view text, std::size_t max_bytes) {
  try {
    return decode_unchecked(text, max_bytes);
  } catch (const std::exception&) {  // allocation failure: still just a packet we refuse
    return std::nullopt;
  }
}

PacketAssembler::Status PacketAssembler::add_text(std::string_view text) {
  if (pending_) {
    pending_.reset();
    return Status::malformed;
  }
  auto packet = decode(text, max_text_bytes_);
  if (!packet) return Status::malformed;
  if (is_binary(packet->type) && packet->attachments > 0) {
    pending_ = std::move(packet);
    pending_->buffers.reserve(pending_->attachments);
    return Status::need_more;
  }
  done_ = std::move(*packet);
  return Status::complete;
}

PacketAssembler::Status PacketAssembler::add_binary(std::string_view bytes) {
  if (!pending_) return Status::malformed;
  pending_->buffers.emplace_back(bytes);
  if (pending_->buffers.size() < pending_->attachments) return Status::need_more;
  done_ = std::move(*pending_);
  pending_.reset();
  return Status::complete;
}

Packet PacketAssembler::take() {
  Packet out = std::move(done_);
  done_ = Packet{};
  return out;
}

}  // namespace marquee::realtime::socketio

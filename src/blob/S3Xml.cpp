#include "blob/S3Xml.h"

#include <charconv>

#include "core/Error.h"

namespace marquee::blob::s3xml {
namespace {

// Appends the UTF-8 encoding of a code point; false for values that are no character.
bool append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return true;
}

// Where the element `<tag` … `>` that starts at or after `from` opens, and where its body
// starts; npos when there is none. `<tagX` and `</tag` do not count.
struct Open {
  std::size_t at = std::string_view::npos;
  std::size_t body = std::string_view::npos;
  bool self_closing = false;
};

Open find_open(std::string_view xml, std::string_view tag, std::size_t from) {
  while (from < xml.size()) {
    const std::size_t lt = xml.find('<', from);
    if (lt == std::string_view::npos || lt + 1 + tag.size() > xml.size()) return {};
    if (xml.compare(lt + 1, tag.size(), tag) == 0) {
      const std::size_t after = lt + 1 + tag.size();
      const char next = after < xml.size() ? xml[after] : '\0';
      if (next == '>' || next == ' ' || next == '/' || next == '\t' || next == '\n' || next == '\r') {
        const std::size_t gt = xml.find('>', after);
        if (gt == std::string_view::npos) return {};
        return {lt, gt + 1, xml[gt - 1] == '/'};
      }
    }
    from = lt + 1;
  }
  return {};
}

}  // namespace

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '&') {
      out += text[i++];
      continue;
    }
    const std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += text[i++];
      continue;
    }
    const std::string_view name = text.substr(i + 1, semi - i - 1);
    bool decoded = true;
    if (name == "amp") out += '&';
    else if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name == "quot") out += '"';
    else if (name == "apos") out += '\'';
    else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      decoded = !digits.empty() && error == std::errc() && end == digits.data() + digits.size() && append_utf8(out, cp);
    } else {
      decoded = false;
    }
    if (decoded) {
      i = semi + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<std::string_view> element_bodies(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> bodies;
  const std::string close = "</" + std::string(tag) + ">";
  std::size_t from = 0;
  while (true) {
    const Open open = find_open(xml, tag, from);
    if (open.at == std::string_view::npos) break;
    if (open.self_closing) {
      bodies.emplace_back();
      from = open.body;
      continue;
    }
    const std::size_t end = xml.find(close, open.body);
    if (end == std::string_view::npos) break;
    bodies.push_back(xml.substr(open.body, end - open.body));
    from = end + close.size();
  }
  return bodies;
}

std::vector<std::string> all_elements(std::string_view xml, std::string_view tag) {
  std::vector<std::string> values;
  for (std::string_view body : element_bodies(xml, tag)) values.push_back(decode_entities(body));
  return values;
}

std::optional<std::string> first_element(std::string_view xml, std::string_view tag) {
  const Open open = find_open(xml, tag, 0);
  if (open.at == std::string_view::npos) return std::nullopt;
  if (open.self_closing) return std::string();
  const std::string close = "</" + std::string(tag) + ">";
  const std::size_t end = xml.find(close, open.body);
  if (end == std::string_view::npos) return std::nullopt;
  return decode_entities(xml.substr(open.body, end - open.body));
}

ListPage parse_list_page(std::string_view xml) {
  if (find_open(xml, "ListBucketResult", 0).at == std::string_view::npos) {
    throw Error(ErrorCode::unavailable, "blob store: the list answer is not a ListBucketResult");
  }
  ListPage page;
  for (std::string_view body : element_bodies(xml, "Contents")) {
    ListedObject object;
    object.key = first_element(body, "Key").value_or("");
    const std::string size = first_element(body, "Size").value_or("");
    auto [end, error] = std::from_chars(size.data(), size.data() + size.size(), object.size);
    if (object.key.empty() || error != std::errc() || end != size.data() + size.size()) {
      throw Error(ErrorCode::unavailable, "blob store: a listed object has no key or size");
    }
    std::string etag = first_element(body, "ETag").value_or("");
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    object.etag = std::move(etag);
    object.last_modified = first_element(body, "LastModified").value_or("");
    page.objects.push_back(std::move(object));
  }
  page.truncated = first_element(xml, "IsTruncated").value_or("false") == "true";
  page.next_continuation_token = first_element(xml, "NextContinuationToken").value_or("");
  return page;
}

std::optional<S3ErrorBody> parse_error(std::string_view xml) {
  auto code = first_element(xml, "Code");
  if (!code) return std::nullopt;
  return S3ErrorBody{code->substr(0, 128), first_element(xml, "Message").value_or("").substr(0, 512)};
}

}  // namespace marquee::blob::s3xml

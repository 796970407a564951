#include "support/ListPages.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <stdexcept>

namespace marquee::testing {

boost::json::object get_ok(const TestClient& client, const std::string& target, const std::string& token) {
  auto r = client.get(target, token);
  if (r.status != 200) throw std::runtime_error(target + " answered " + std::to_string(r.status) + ": " + r.body);
  return r.json().as_object();
}

std::vector<std::string> item_ids(const boost::json::object& page) {
  std::vector<std::string> ids;
  for (const auto& item : page.at("items").as_array()) ids.emplace_back(item.as_object().at("id").as_string());
  return ids;
}

std::vector<std::string> walk_pages(const TestClient& client, const std::string& target, const std::string& token,
                                    int limit, const std::function<void()>& between) {
  std::vector<std::string> ids;
  std::string cursor;
  const std::string separator = target.find('?') == std::string::npos ? "?" : "&";
  for (int pages = 0; pages < 500; ++pages) {
    auto page = get_ok(client, target + separator + "limit=" + std::to_string(limit) +
                                   (cursor.empty() ? "" : "&cursor=" + cursor),
                       token);
    for (auto& id : item_ids(page)) ids.push_back(std::move(id));
    if (page.at("next_cursor").is_null()) return ids;
    cursor = std::string(page.at("next_cursor").as_string());
    if (between) between();
  }
  ADD_FAILURE() << target << " did not end";
  return ids;
}

}  // namespace marquee::testing

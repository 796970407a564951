#pragma once
// The one JSON shape of every cursor-paginated listing: {"items": [...], "next_cursor": string|null}.
// A client pages every list of Marquee the same way: pass next_cursor back until it is null.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace marquee::json {

inline boost::json::object page_object(boost::json::array items, const std::optional<std::string>& next_cursor) {
  boost::json::object out{{"items", std::move(items)}};
  out["next_cursor"] = next_cursor ? boost::json::value(*next_cursor) : boost::json::value(nullptr);
  return out;
}

// `page` has `items` and `next_cursor`; `item_json` turns one item into its JSON.
template <typename Page, typename ItemJson>
boost::json::object page_json(const Page& page, ItemJson&& item_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.emplace_back(item_json(item));
  return page_object(std::move(items), page.next_cursor);
}

}  // namespace marquee::json

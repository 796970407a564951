#pragma once
// Reading the JSON lists of the API as a client would: one page, its item ids, every page by
// cursor.
#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <vector>

#include "support/TestServer.h"

namespace marquee::testing {

// The JSON object of a 200 answer to GET `target`; throws (failing the test) on any other.
boost::json::object get_ok(const TestClient& client, const std::string& target, const std::string& token = "");

// The ids of a list page's items (`items[].id`), in order.
std::vector<std::string> item_ids(const boost::json::object& page);

// Every item id of every page of `target`, `limit` to a page, following `next_cursor`;
// `between` runs after each page. A list that does not end within 500 pages fails the test.
std::vector<std::string> walk_pages(const TestClient& client, const std::string& target, const std::string& token,
                                    int limit, const std::function<void()>& between = {});

}  // namespace marquee::testing

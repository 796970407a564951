#include "dmca/DmcaForms.h"

#include "core/Error.h"
#include "core/Ids.h"
#include "core/Text.h"
#include "core/UserText.h"

namespace marquee::dmca {
namespace {

constexpr std::size_t kMaxUrls = 100;

// Collects the elements a form lacks, then refuses it naming them all at once.
class Missing {
 public:
  void add(const std::string& element) { names_ += (names_.empty() ? "" : ", ") + element; }
  void refuse_if_any(const char* form) const {
    if (names_.empty()) return;
    throw Error(ErrorCode::validation_failed, std::string(form) + " is missing: " + names_, {{"missing", names_}});
  }

 private:
  std::string names_;
};

// A text element: present, a string, within `max` code points; "" (and named missing) otherwise.
std::string text_element(const boost::json::object& body, const char* key, std::size_t max, Missing& missing) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    missing.add(key);
    return "";
  }
  try {
    std::string text = text::clean_prose(std::string(value->get_string()), key, max, text::Presence::required);
    return text;
  } catch (const Error&) {
    missing.add(key);
    return "";
  }
}

// A statement element: the sender affirmed it (true).
void statement_element(const boost::json::object& body, const char* key, Missing& missing) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || !value->is_bool() || !value->get_bool()) missing.add(key);
}

}  // namespace

std::string video_id_in_url(const std::string& url) {
  if (url.size() > 2048 || text::has_control_chars(url)) return "";
  std::string path = url;
  if (path.starts_with("https://") || path.starts_with("http://")) {
    auto slash = path.find('/', path.find("//") + 2);
    path = slash == std::string::npos ? "" : path.substr(slash);
  } else if (!path.starts_with("/")) {
    return "";
  }
  auto query = path.find('?');
  if (query != std::string::npos) {
    // …?v={id}
    std::string q = path.substr(query + 1);
    path.resize(query);
    for (std::size_t start = 0; start <= q.size();) {
      auto end = q.find('&', start);
      if (end == std::string::npos) end = q.size();
      std::string pair = q.substr(start, end - start);
      if (pair.starts_with("v=") && looks_like_public_id(pair.substr(2))) return pair.substr(2);
      start = end + 1;
    }
  }
  for (const char* marker : {"/watch/", "/videos/", "/v/"}) {
    auto at = path.find(marker);
    if (at == std::string::npos) continue;
    std::string rest = path.substr(at + std::string(marker).size());
    auto end = rest.find_first_of("/#");
    std::string id = rest.substr(0, end);
    if (looks_like_public_id(id)) return id;
  }
  return "";
}

NoticeForm read_notice(const boost::json::object& body) {
  Missing missing;
  NoticeForm form;
  form.signature = text_element(body, "signature", 200, missing);
  form.work = text_element(body, "work", 5'000, missing);
  const auto* urls = body.if_contains("infringing_urls");
  std::string unknown;
  if (urls == nullptr || !urls->is_array() || urls->get_array().empty() || urls->get_array().size() > kMaxUrls) {
    missing.add("infringing_urls");
  } else {
    for (const auto& item : urls->get_array()) {
      std::string url = item.is_string() ? std::string(item.get_string()) : "";
      std::string id = video_id_in_url(url);
      if (id.empty()) {
        unknown += (unknown.empty() ? "" : " ") + url.substr(0, 200);
        continue;
      }
      form.urls.push_back(url);
      bool seen = false;
      for (const auto& v : form.video_ids) seen = seen || v == id;
      if (!seen) form.video_ids.push_back(id);
    }
    if (!unknown.empty()) missing.add("infringing_urls");
  }
  form.name = text_element(body, "name", 200, missing);
  form.email = text_element(body, "email", 254, missing);
  form.address = text_element(body, "address", 1'000, missing);
  form.phone = text_element(body, "phone", 50, missing);
  statement_element(body, "good_faith_statement", missing);
  statement_element(body, "accuracy_and_authority_statement", missing);
  if (!form.email.empty() && form.email.find('@') == std::string::npos) missing.add("email");
  missing.refuse_if_any("the notice");
  return form;
}

CounterNoticeForm read_counter_notice(const boost::json::object& body) {
  Missing missing;
  CounterNoticeForm form;
  form.signature = text_element(body, "signature", 200, missing);
  const auto* notice = body.if_contains("notice_id");
  const auto* video = body.if_contains("video_id");
  if (notice == nullptr || !notice->is_string() || video == nullptr || !video->is_string() ||
      !looks_like_public_id(notice->get_string()) || !looks_like_public_id(video->get_string())) {
    missing.add("material (notice_id and video_id)");
  } else {
    form.notice_id = std::string(notice->get_string());
    form.video_id = std::string(video->get_string());
  }
  statement_element(body, "mistake_statement", missing);
  form.name = text_element(body, "name", 200, missing);
  form.address = text_element(body, "address", 1'000, missing);
  form.phone = text_element(body, "phone", 50, missing);
  statement_element(body, "jurisdiction_consent", missing);
  if (const auto* email = body.if_contains("email"); email != nullptr && email->is_string()) {
    try {
      form.email = text::clean_prose(std::string(email->get_string()), "email", 254, text::Presence::optional);
    } catch (const Error&) {
      missing.add("email");
    }
  }
  missing.refuse_if_any("the counter-notice");
  return form;
}

}  // namespace marquee::dmca

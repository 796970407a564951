#pragma once
// The two legal forms, read and checked element by element.
// - A notice of claimed infringement must hold what 17 U.S.C. §512(c)(3)(A) requires: (i) a
//   signature, (ii) the copyrighted work, (iii) the infringing material and where it is (URLs
//   of videos on this site), (iv) contact details, (v) the good-faith statement and (vi) the
//   statement that the notice is accurate and, under penalty of perjury, that the sender may
//   act for the owner.
// - A counter-notice must hold what §512(g)(3) requires: (A) a signature, (B) the removed
//   material and where it was (the notice and the video), (C) the statement under penalty of
//   perjury that it was removed by mistake or misidentification, (D) name, address, telephone
//   and the consent to the federal court's jurisdiction and to accept service of process.
// An incomplete form is refused with every missing element named (Error details "missing").
#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace marquee::dmca {

// The statements a sender affirms, word for word, as stored with the form.
inline constexpr const char* kGoodFaithStatement =
    "I have a good faith belief that use of the material in the manner complained of is not authorized by the "
    "copyright owner, its agent, or the law.";
inline constexpr const char* kAccuracyAndAuthorityStatement =
    "The information in this notification is accurate, and under penalty of perjury, I am authorized to act on "
    "behalf of the owner of an exclusive right that is allegedly infringed.";
inline constexpr const char* kMistakeStatement =
    "I swear, under penalty of perjury, that I have a good faith belief that the material was removed or disabled "
    "as a result of mistake or misidentification of the material to be removed or disabled.";
inline constexpr const char* kJurisdictionConsent =
    "I consent to the jurisdiction of the Federal District Court for the judicial district in which my address is "
    "located, or if my address is outside of the United States, for any judicial district in which the service "
    "provider may be found, and I will accept service of process from the person who provided the notification or "
    "an agent of such person.";

struct NoticeForm {
  std::string name, email, address, phone;  // (iv)
  std::string signature;                    // (i)
  std::string work;                         // (ii)
  std::vector<std::string> urls;            // (iii)
  std::vector<std::string> video_ids;       // what the URLs name, in order, without repeats
};

struct CounterNoticeForm {
  std::string notice_id, video_id;  // (B)
  std::string name, address, phone, email;
  std::string signature;            // (A)
};

// Throws Error(validation_failed) naming the missing or malformed elements.
NoticeForm read_notice(const boost::json::object& body);
CounterNoticeForm read_counter_notice(const boost::json::object& body);

// The video id a URL of this site names (…/watch/{id}, …/videos/{id}…, …?v={id}); "" when none.
std::string video_id_in_url(const std::string& url);

}  // namespace marquee::dmca

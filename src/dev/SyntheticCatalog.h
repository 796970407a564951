#pragma once
// The vocabulary of `marquee dev seed`: topics with their tags and title words, and comment
// phrases. Videos of one topic share tags, so tag-based matching has real structure to find.
#include <string>
#include <vector>

#include "dev/SeedRandom.h"

namespace marquee::dev {

struct Topic {
  std::string name;  // also the video's category
  std::vector<std::string> tags;
  std::vector<std::string> subjects;  // title nouns
};

const std::vector<Topic>& seed_topics();
// "Ultimate harbour timelapse at sunrise (part 3)"-like titles.
std::string seed_title(SeedRandom& random, const Topic& topic);
std::string seed_description(SeedRandom& random, const Topic& topic);
std::string seed_comment(SeedRandom& random);

}  // namespace marquee::dev

// The closed tag vocabulary, cases/tags.yaml: `tags: {name: description}`.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/case_error.h"

namespace exportcheck::catalog {

class TagVocabulary {
 public:
  TagVocabulary() = default;
  explicit TagVocabulary(std::map<std::string, std::string, std::less<>> tags)
      : tags_(std::move(tags)) {}

  bool contains(std::string_view tag) const { return tags_.find(tag) != tags_.end(); }
  // The tag's description, or nullptr for an unknown tag.
  const std::string* description(std::string_view tag) const;
  const std::map<std::string, std::string, std::less<>>& tags() const { return tags_; }

 private:
  std::map<std::string, std::string, std::less<>> tags_;
};

// Parses tags.yaml text; problems are appended to `errors`, naming `file`.
TagVocabulary parse_tag_vocabulary(std::string_view yaml_text, const std::string& file,
                                   std::vector<CaseError>& errors);
// Reads and parses `path`; a missing or unreadable file is an error too.
TagVocabulary load_tag_vocabulary(const std::filesystem::path& path, const std::string& file,
                                  std::vector<CaseError>& errors);

}  // namespace exportcheck::catalog

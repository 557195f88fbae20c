#include "harness/catalog/tag_vocabulary.h"

#include <algorithm>
#include <cctype>

#include "harness/catalog/yaml_document.h"
#include "harness/catalog/yaml_reader.h"

namespace exportcheck::catalog {
namespace {

// Tags double as CTest labels and report filters: keep them to simple words
// such as "nn.conv" or "dynamic-shape".
bool is_tag_name(std::string_view s) {
  if (s.empty() || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace

const std::string* TagVocabulary::description(std::string_view tag) const {
  auto it = tags_.find(tag);
  return it == tags_.end() ? nullptr : &it->second;
}

TagVocabulary parse_tag_vocabulary(std::string_view yaml_text, const std::string& file,
                                   std::vector<CaseError>& errors) {
  using namespace detail;
  Diagnostics d(file);
  std::map<std::string, std::string, std::less<>> tags;
  if (std::optional<YAML::Node> doc = load_document(d, yaml_text)) {
    std::optional<MapReader> top = MapReader::open(d, Value{*doc, "", 1}, {"tags"}, {"tags"});
    if (const MapReader::Entry* entry = top ? top->find("tags") : nullptr) {
      if (std::optional<MapReader> map = MapReader::open_any(d, entry->value)) {
        for (const MapReader::Entry& e : map->entries()) {
          if (!is_tag_name(e.key)) {
            d.error(e.key_line, e.value.path,
                    "a tag is letters and digits with '.', '-' or '_' between");
            continue;
          }
          if (std::optional<std::string> text = read_string(d, e.value)) tags[e.key] = *text;
        }
      }
    }
  }
  for (CaseError& e : d.take()) errors.push_back(std::move(e));
  return TagVocabulary(std::move(tags));
}

TagVocabulary load_tag_vocabulary(const std::filesystem::path& path, const std::string& file,
                                  std::vector<CaseError>& errors) {
  std::optional<std::string> text = detail::read_file(path);
  if (!text) {
    errors.push_back(CaseError{file, 0, "", "cannot read the tag vocabulary"});
    return {};
  }
  return parse_tag_vocabulary(*text, file, errors);
}

}  // namespace exportcheck::catalog

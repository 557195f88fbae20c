// One case file (case schema v1, cases/README.md) → a validated Case, or
// every problem found in it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/catalog/case_error.h"
#include "harness/catalog/tag_vocabulary.h"

namespace exportcheck::catalog {

struct CaseParseResult {
  std::optional<Case> parsed;     // set exactly when errors is empty
  std::string name;               // the `name:` field if it is a string, even when broken
  int name_line = 0;              // its line
  std::vector<CaseError> errors;  // in line order
  bool ok() const { return errors.empty(); }
};

// `file` is the path shown in errors and stored in Case::file / "file"
// (relative to the project root, e.g. "cases/x.yaml"); its stem must equal
// the case name.
CaseParseResult parse_case(std::string_view yaml_text, const std::string& file,
                           const TagVocabulary& tags);
CaseParseResult parse_case_file(const std::filesystem::path& path, const std::string& file,
                                const TagVocabulary& tags);

}  // namespace exportcheck::catalog

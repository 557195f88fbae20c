// The case catalog: every cases/*.yaml under a project root, validated.
// A broken file is reported, never fatal: the other cases still run.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/catalog/case_error.h"
#include "harness/catalog/known_gaps.h"
#include "harness/catalog/tag_vocabulary.h"

namespace exportcheck::catalog {

// A case file that failed validation; the runner reports it as ERROR.
struct BrokenCase {
  std::string name;  // file stem
  std::string file;  // e.g. "cases/x.yaml"
  std::vector<CaseError> errors;
};

struct Catalog {
  TagVocabulary tags;
  std::vector<Case> cases;          // sorted by name
  std::vector<BrokenCase> broken;   // sorted by name
  KnownGaps gaps;                   // cases/known-gaps.yaml

  const Case* find(std::string_view name) const;
};

// The catalog cannot be read at all: no cases/ folder, or cases/tags.yaml
// missing or broken.
class CatalogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads root/cases/tags.yaml, root/cases/known-gaps.yaml (if any) and every
// other root/cases/*.yaml as a case (not subfolders). A *.yml file is a broken case (wrong extension).
Catalog load_catalog(const std::filesystem::path& root);

// The same for the given case files (absolute, or relative to root).
Catalog load_catalog_files(const std::filesystem::path& root,
                           const std::vector<std::filesystem::path>& files);

}  // namespace exportcheck::catalog

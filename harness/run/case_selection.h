#pragma once
// Which cases a run covers: --case names, --filter regex and --tag, all of
// which must hold. Broken case files are selected by their file stem so a
// bad file is reported, never silently left out.
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/catalog/catalog.h"
#include "harness/run/run_options.h"

namespace exportcheck::run {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Selection {
  std::vector<const catalog::Case*> cases;
  std::vector<const catalog::BrokenCase*> broken;
  size_t size() const { return cases.size() + broken.size(); }
};

// Throws UsageError for an unknown --case name, a bad regex, or a selection
// that matches nothing.
Selection select_cases(const catalog::Catalog& catalog, const RunOptions& options);

}  // namespace exportcheck::run

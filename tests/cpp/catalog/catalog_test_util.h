// Shared by the catalog tests: fixture roots under tests/data/cases/ and a
// one-file catalog load that returns the error strings.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/catalog/catalog.h"

namespace exportcheck::catalog::testing {

inline std::filesystem::path fixture_root(const std::string& scenario) {
  return std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests" / "data" / "cases" / scenario;
}

// Loads cases/<file> of a scenario; the case must be broken.
inline std::vector<std::string> errors_of(const std::string& scenario, const std::string& file) {
  Catalog catalog = load_catalog_files(fixture_root(scenario), {"cases/" + file});
  std::vector<std::string> out;
  if (!catalog.cases.empty()) {
    ADD_FAILURE() << "cases/" << file << " parsed without errors";
    return out;
  }
  for (const BrokenCase& broken : catalog.broken) {
    for (const CaseError& e : broken.errors) out.push_back(e.str());
  }
  return out;
}

// Loads cases/<file> of a scenario; the case must be valid.
inline Case case_of(const std::string& scenario, const std::string& file) {
  Catalog catalog = load_catalog_files(fixture_root(scenario), {"cases/" + file});
  for (const BrokenCase& broken : catalog.broken) {
    for (const CaseError& e : broken.errors) ADD_FAILURE() << e.str();
  }
  if (catalog.cases.size() != 1) return Case{};
  return catalog.cases.front();
}

}  // namespace exportcheck::catalog::testing

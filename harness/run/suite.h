#pragma once
// External suites (`exportcheck run|list --suite NAME`): a catalog built at
// run time by the exporter from an installed package instead of cases/*.yaml.
// `exportdb-upstream` is PyTorch's own ExportDB of the installed torch
// (exporter/suite.py): one case `exportdb-upstream/<name>` per example, its
// support_level as the expectation. Nothing of the suite is copied into the
// project; goldens do not apply (each case's golden stage is UNSUPPORTED).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/catalog/catalog.h"

namespace exportcheck::run {

// The suites the exporter knows (exporter/suite.py SUITES).
const std::vector<std::string>& known_suites();

// The suite cannot be listed: unknown name, or the export worker failed.
class SuiteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A list_suite reply's cases → a Catalog (sorted by name). A case that does
// not read (catalog::case_from_normalized) is a BrokenCase: ERROR in the run.
catalog::Catalog suite_catalog(const nlohmann::json& cases);

struct SuiteSource {
  std::string python;             // interpreter for the export worker
  std::filesystem::path root;     // project root: its working directory
  std::string python_path;        // PYTHONPATH (root + where exporter/ lives)
  std::filesystem::path log_path; // the worker's stderr
};

// Asks a fresh export worker for {"op": "list_suite", "suite": NAME}.
catalog::Catalog load_suite(const std::string& suite, const SuiteSource& source);

}  // namespace exportcheck::run

#pragma once
// External suites (`exportcheck run|list --suite NAME`): a catalog built at
// run time by the exporter from an installed package instead of cases/*.yaml.
// `exportdb-upstream` is PyTorch's own ExportDB of the installed torch
// (exporter/suite.py): one case `exportdb-upstream/<name>` per example. The
// expectations (per support_level and per example) are data, in
// cases/suites/<suite>.yaml (catalog/suite_expectations.h); goldens are
// golden/<suite>/<name>/<ir>.ir like any case's.
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

// Asks a fresh export worker for {"op": "list_suite", "suite": NAME}, then adds
// the expectations of cases/suites/NAME.yaml (a broken file is a SuiteError).
catalog::Catalog load_suite(const std::string& suite, const SuiteSource& source);

}  // namespace exportcheck::run

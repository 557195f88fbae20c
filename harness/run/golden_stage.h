#pragma once
// Stage `golden`: the canonical IR of an archive against
// golden/<case>/<ir>.ir, with --update-golden and cross-release drift.
#include <filesystem>
#include <set>
#include <string>

#include "harness/report/stage_result.h"

namespace exportcheck::run {

struct GoldenOptions {
  std::filesystem::path root;
  bool update = false;
  bool strict = false;
};

// `written` holds the golden files this case already wrote in this run, so
// a second export mode is compared with the first instead of overwriting it.
report::StageResult golden_stage(const GoldenOptions& options, const std::string& case_name, const std::string& ir,
                                 const std::filesystem::path& archive, std::set<std::filesystem::path>& written);

}  // namespace exportcheck::run

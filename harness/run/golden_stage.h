#pragma once
// Stage `golden`: the canonical IR of an archive against
// golden/<case>/<ir>.ir, with --update-golden and cross-release drift.
//
// One golden serves every export mode of a case. Where another mode's IR
// really differs from the first mode's (strict vs non-strict tracing can),
// --update-golden records that mode's IR beside it as <ir>.<mode>.ir, and
// removes such an override once the IRs agree again.
#include <filesystem>
#include <string>

#include "harness/report/stage_result.h"

namespace exportcheck::run {

struct GoldenOptions {
  std::filesystem::path root;
  bool update = false;
  bool strict = false;
};

// `first_mode`: the case's first export mode, which owns <ir>.ir. Modes run
// in order, so later modes see what the first one wrote in this run.
report::StageResult golden_stage(const GoldenOptions& options, const std::string& case_name, const std::string& mode,
                                 bool first_mode, const std::string& ir, const std::filesystem::path& archive);

}  // namespace exportcheck::run

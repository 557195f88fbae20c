#pragma once
// Which finished cases keep their archives in the run folder
// (catalog::KeepArchives). A real-model suite writes about 1 GB per model
// (each mode and IR, the round trip's rewrite and resave, the replay
// bundle): a whole timm run filled a 252 GB disk. With `failing`, a case
// whose every result was expected loses its programs and bundles once its
// last stage has run; a case with an unexpected result keeps everything,
// as the person reading its verdict needs it (repro, archive print).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/report/stage_result.h"

namespace exportcheck::run {

// The run's --keep-archives, else the case's suite's `keep_archives:`, else all.
catalog::KeepArchives case_keep_archives(const catalog::Case& c, std::optional<catalog::KeepArchives> run_option);

// Whether a finished case's archives go: `failing` and no unexpected result
// (report/case_verdict.h: FAIL, XPASS, TIMEOUT, CRASH, ERROR).
bool removes_archives(catalog::KeepArchives keep, const std::vector<report::StageResult>& results);

struct Removed {
  int files = 0;
  std::uintmax_t bytes = 0;
};

// Deletes every program (*.pt2) and tensor file (*.pt: replay bundles,
// eager references) under case_dir, nothing else (repro scripts, logs).
// Files that vanish or cannot be removed are left to the next run; never throws.
Removed remove_case_archives(const std::filesystem::path& case_dir);

}  // namespace exportcheck::run

#pragma once
// Why a record did not run (UNSUPPORTED, SKIP), as one of a few causes a
// person recognises ("no CUDA", "runtime unavailable in this torch"), so a
// CPU-only run says "2904 not run: no CUDA" once instead of listing
// thousands of results. The full reason stays in each record.
#include <string>
#include <vector>

#include "harness/report/stage_result.h"

namespace exportcheck::report {

// True for UNSUPPORTED and SKIP: the stage did not run here.
bool did_not_run(Verdict v);

// The cause of an UNSUPPORTED or SKIP record ("" for others):
//   "no CUDA"                           CUDA not available
//   "runtime unavailable in this torch" NativeRT without a usable PyModelRunner or device option
//   "device not supported"              a device type the runtime or exportcheck cannot use
//   "no bounded symbol"                 guards: no symbol with a finite bound to step outside
//   "package not installed"             a package the case requires (`requires:`)
//   "after <stage> <VERDICT>"           SKIP: a stage it needs did not pass ("after export XFAIL")
//   "run interrupted"                   SKIP: the run was interrupted before the case finished
//   otherwise the reason itself         a case file's own unsupported/skip expectation
// Records before summary 1.3 have no `reason`: the message is read instead.
std::string not_run_cause(const StageResult& r);

struct CauseGroup {
  std::string cause;
  int count = 0;
  std::vector<std::string> cases;  // distinct, in order of first appearance
};
// Every UNSUPPORTED and SKIP record grouped by cause: most records first, then by cause.
std::vector<CauseGroup> group_not_run(const std::vector<StageResult>& results);

// A stage (a dashboard column) where nothing ran in the whole run: every
// record of it is UNSUPPORTED or SKIP (on a CPU machine every cuda column).
struct NotRunStage {
  std::string stage;
  int count = 0;                  // records
  // Most records first, except that "after <stage> <VERDICT>" causes (SKIPs
  // that follow from another stage) come last: causes.front() is the main one.
  std::vector<CauseGroup> causes;
};
// In order of first appearance.
std::vector<NotRunStage> stages_not_run(const std::vector<StageResult>& results);

}  // namespace exportcheck::report

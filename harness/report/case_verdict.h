#pragma once
// One verdict per case, by one rule (reports/README.md, "Case verdict"),
// used by the console, junit.xml, summary.json and the dashboard. A case's
// stages include ones that cannot run here (no CUDA) and known upstream gaps
// (XFAIL); the worst record alone would make no case read PASS on a CPU
// machine, so what did not run and what failed as expected are counted
// beside the verdict instead of deciding it.
#include <string>
#include <utility>
#include <vector>

#include "harness/report/not_run_cause.h"
#include "harness/report/stage_result.h"

namespace exportcheck::report {

// Records counted so that every record is exactly one of passed, failed or
// skipped: the closing line's numbers add up to the number of records.
struct Tally {
  int passed = 0;   // ran and did not fail the run: PASS, XFAIL, FIXED, DRIFT
  int failed = 0;   // unexpected: FAIL, XPASS, TIMEOUT, CRASH, ERROR
  int skipped = 0;  // not run here: UNSUPPORTED, SKIP
  // Within passed, what a person may want to look at:
  int expected_failures = 0;  // XFAIL
  int fixed = 0;              // golden rewritten by --update-golden
  int drift = 0;              // golden made by another torch release differs
  int findings = 0;           // PASS against an xfail marked `xpass: finding`
  std::vector<CauseGroup> not_run;  // the skipped records by cause

  int total() const { return passed + failed + skipped; }
};
Tally tally(const std::vector<StageResult>& records);

struct CaseVerdict {
  Verdict verdict = Verdict::Pass;
  Tally tally;
  // What is said beside the verdict: "20 run; 16 not run: no CUDA; 1 expected failure".
  std::string detail;
};

// The rule, for one case's records:
//  1. any unexpected record: the most severe of them (ERROR, CRASH, TIMEOUT, FAIL, XPASS);
//  2. nothing ran: UNSUPPORTED if any record is UNSUPPORTED, else SKIP;
//  3. a golden DRIFT: DRIFT; else a golden FIXED: FIXED;
//  4. every record that ran is XFAIL: XFAIL;
//  5. otherwise PASS.
CaseVerdict case_verdict(const std::vector<StageResult>& records);

// The verdict of every case in `results`, in order of first appearance.
std::vector<std::pair<std::string, CaseVerdict>> case_verdicts(const std::vector<StageResult>& results);

}  // namespace exportcheck::report

#pragma once
// How much of what torch's own `module()` replays the C++ executor replays
// too: among the programs (case × variant) whose `replay:module:<device>`
// passed, those whose `replay:cpp:<device>` passed as well, counted in
// programs and in samples (each replay record's `details.samples`). The
// programs where module() passes and cpp does not are listed, each with the
// cpp record's verdict and message, to become an expectation or an executor fix.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/stage_result.h"

namespace exportcheck::report {

struct ExecutorGap {
  std::string case_name;
  std::string variant;
  std::optional<Verdict> verdict;  // the cpp record's; nullopt when the program has none
  std::string message;             // the cpp record's
  std::string reason;
  long samples = 0;                // the module() record's samples
};

struct ExecutorCoverage {
  std::string reference;  // "replay:module:cpu"
  std::string executor;   // "replay:cpp:cpu"
  int programs = 0;             // (case, variant) where the reference passed
  int programs_passed = 0;      // of those, where the executor passed too
  long samples = 0;             // the reference's samples over `programs`
  long samples_passed = 0;      // the executor's samples over `programs_passed` (at most the reference's)
  std::vector<ExecutorGap> not_passed;  // reference PASS, executor not: in run order
};

// A replay record without `details.samples` (runs before it was recorded) counts as one sample.
ExecutorCoverage executor_coverage(const std::vector<StageResult>& results, const std::string& device = "cpu");

// "C++ executor runs 41230 of the 42000 samples module() runs (98.2%; 1480 of 1500 programs; 20 do not: 12 FAIL, 8 XFAIL)";
// "" when no program passed the reference.
std::string coverage_line(const ExecutorCoverage& c);

// {"reference", "executor", "programs", "programs_passed", "samples", "samples_passed",
//  "not_passed": [{"case", "variant", "verdict", "message", "reason", "samples"}]}
nlohmann::json to_json(const ExecutorCoverage& c);

}  // namespace exportcheck::report

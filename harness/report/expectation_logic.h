#pragma once
// Turns what a stage did into a verdict, given the case's expectation:
// an expected failure that passes is XPASS (fails the run, so the case file
// gets updated), one that fails with another message stays FAIL.
#include <optional>
#include <string>
#include <string_view>

#include "harness/catalog/case.h"
#include "harness/report/verdict.h"

namespace exportcheck::report {

struct Outcome {
  enum class Kind { Pass, Fail, Timeout, Crash };
  Kind kind = Kind::Pass;
  std::string message;
};

struct Resolved {
  Verdict verdict;
  std::string message;
  std::string reason;    // the expectation's reason (XFAIL, UNSUPPORTED, SKIP), else ""
  bool finding = false;  // a PASS against an xfail with `xpass: finding`: listed, never a failure
};

// `expected` may be null (no expectation for this stage).
Resolved resolve(const Outcome& outcome, const catalog::Expectation* expected, const std::string& case_file);

// For expectations that say the stage is not to run (unsupported / skip);
// nullopt when the stage should run.
std::optional<Resolved> not_run(const catalog::Expectation* expected);

}  // namespace exportcheck::report

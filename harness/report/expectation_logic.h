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
};

// A pass against an xfail with `xpass: finding` is PASS with a message that
// starts with this: a finding, listed in the summary, never a failure.
inline constexpr std::string_view kFindingPrefix = "finding: ";
bool is_finding(const std::string& message);

// The reason an XFAIL or UNSUPPORTED result carries (for grouping in the
// summary): an XFAIL's message is "<reason> — <failure>", an UNSUPPORTED's
// is its reason. "" for other verdicts.
std::string expected_reason(Verdict verdict, const std::string& message);

// `expected` may be null (no expectation for this stage).
Resolved resolve(const Outcome& outcome, const catalog::Expectation* expected, const std::string& case_file);

// For expectations that say the stage is not to run (unsupported / skip);
// nullopt when the stage should run.
std::optional<Resolved> not_run(const catalog::Expectation* expected);

}  // namespace exportcheck::report

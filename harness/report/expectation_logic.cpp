#include "harness/report/expectation_logic.h"

namespace exportcheck::report {

Resolved resolve(const Outcome& outcome, const catalog::Expectation* expected, const std::string& case_file) {
  using K = Outcome::Kind;
  const bool xfail = expected && expected->verdict == "xfail";
  const std::string where = expected ? case_file + ":" + std::to_string(expected->line) : case_file;
  switch (outcome.kind) {
    case K::Pass:
      if (xfail && expected->xpass_finding)
        return {Verdict::Pass,
                expected->stage + " passed" + (expected->mode ? " in " + *expected->mode + " mode" : std::string()) +
                    " although expected to fail (" + expected->reason + ")",
                expected->reason, true};
      if (xfail)
        return {Verdict::XPass, "expected to fail (" + expected->reason + ") but passed: update the expectation at " + where};
      return {Verdict::Pass, outcome.message};
    case K::Fail:
      if (!xfail) return {Verdict::Fail, outcome.message};
      if (!expected->matches_message(outcome.message))
        return {Verdict::Fail, "failed, but not as expected (match /" + *expected->match + "/ at " + where + "): " + outcome.message};
      return {Verdict::XFail, expected->reason + " — " + outcome.message, expected->reason};
    case K::Timeout: return {Verdict::Timeout, outcome.message};
    case K::Crash: return {Verdict::Crash, outcome.message};
  }
  return {Verdict::Error, "unknown outcome"};
}

std::optional<Resolved> not_run(const catalog::Expectation* expected) {
  if (!expected) return std::nullopt;
  if (expected->verdict == "unsupported") return Resolved{Verdict::Unsupported, expected->reason, expected->reason, false};
  if (expected->verdict == "skip") return Resolved{Verdict::Skip, expected->reason, expected->reason, false};
  return std::nullopt;
}

}  // namespace exportcheck::report

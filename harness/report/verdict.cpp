#include "harness/report/verdict.h"

namespace exportcheck::report {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "PASS";
    case Verdict::Fail: return "FAIL";
    case Verdict::XFail: return "XFAIL";
    case Verdict::XPass: return "XPASS";
    case Verdict::Unsupported: return "UNSUPPORTED";
    case Verdict::Skip: return "SKIP";
    case Verdict::Timeout: return "TIMEOUT";
    case Verdict::Crash: return "CRASH";
    case Verdict::Error: return "ERROR";
    case Verdict::Fixed: return "FIXED";
    case Verdict::Drift: return "DRIFT";
  }
  return "?";
}

std::optional<Verdict> verdict_from_string(std::string_view s) {
  for (Verdict v : kAllVerdicts)
    if (to_string(v) == s) return v;
  return std::nullopt;
}

bool is_unexpected(Verdict v) {
  switch (v) {
    case Verdict::Fail:
    case Verdict::XPass:
    case Verdict::Timeout:
    case Verdict::Crash:
    case Verdict::Error: return true;
    default: return false;
  }
}

int noteworthiness(Verdict v) {
  constexpr Verdict kOrder[] = {Verdict::Error, Verdict::Crash, Verdict::Timeout, Verdict::Fail,
                                Verdict::XPass, Verdict::Drift, Verdict::Fixed,   Verdict::XFail,
                                Verdict::Skip,  Verdict::Unsupported, Verdict::Pass};
  int rank = 0;
  for (Verdict o : kOrder) {
    if (o == v) return rank;
    ++rank;
  }
  return rank;
}

}  // namespace exportcheck::report

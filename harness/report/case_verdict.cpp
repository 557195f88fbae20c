#include "harness/report/case_verdict.h"

#include <algorithm>
#include <map>

namespace exportcheck::report {
namespace {

// Most severe first: a crash or harness error says more than a mismatch.
constexpr Verdict kUnexpectedOrder[] = {Verdict::Error, Verdict::Crash, Verdict::Timeout, Verdict::Fail, Verdict::XPass};

std::string count_of(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string not_run_text(const Tally& t) {
  std::string out = std::to_string(t.skipped) + " not run: ";
  if (t.not_run.size() == 1) return out + t.not_run.front().cause;
  for (size_t i = 0; i < t.not_run.size(); ++i)
    out += (i ? ", " : "") + std::to_string(t.not_run[i].count) + " " + t.not_run[i].cause;
  return out;
}

std::string detail_text(const Tally& t) {
  std::vector<std::string> parts = {std::to_string(t.passed + t.failed) + " run"};
  if (t.failed) parts.push_back(std::to_string(t.failed) + " unexpected");
  if (t.skipped) parts.push_back(not_run_text(t));
  if (t.expected_failures) parts.push_back(count_of(t.expected_failures, "expected failure", "expected failures"));
  if (t.drift) parts.push_back(count_of(t.drift, "golden drifted", "goldens drifted"));
  if (t.fixed) parts.push_back(count_of(t.fixed, "golden updated", "goldens updated"));
  if (t.findings) parts.push_back(count_of(t.findings, "finding", "findings"));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

Verdict rule(const std::vector<StageResult>& records, const Tally& t) {
  auto any = [&](Verdict v) {
    return std::any_of(records.begin(), records.end(), [v](const StageResult& r) { return r.verdict == v; });
  };
  for (Verdict v : kUnexpectedOrder)
    if (any(v)) return v;
  if (t.passed == 0) return any(Verdict::Unsupported) ? Verdict::Unsupported : Verdict::Skip;
  if (t.drift) return Verdict::Drift;
  if (t.fixed) return Verdict::Fixed;
  if (t.expected_failures == t.passed) return Verdict::XFail;
  return Verdict::Pass;
}

}  // namespace

Tally tally(const std::vector<StageResult>& records) {
  Tally t;
  for (const auto& r : records) {
    if (is_unexpected(r.verdict)) {
      ++t.failed;
    } else if (did_not_run(r.verdict)) {
      ++t.skipped;
    } else {
      ++t.passed;
      t.expected_failures += r.verdict == Verdict::XFail;
      t.fixed += r.verdict == Verdict::Fixed;
      t.drift += r.verdict == Verdict::Drift;
      t.findings += is_finding(r);
    }
  }
  t.not_run = group_not_run(records);
  return t;
}

CaseVerdict case_verdict(const std::vector<StageResult>& records) {
  CaseVerdict cv;
  cv.tally = tally(records);
  cv.verdict = rule(records, cv.tally);
  cv.detail = detail_text(cv.tally);
  return cv;
}

std::vector<std::pair<std::string, CaseVerdict>> case_verdicts(const std::vector<StageResult>& results) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<StageResult>> by_case;
  for (const auto& r : results) {
    auto& records = by_case[r.case_name];
    if (records.empty()) order.push_back(r.case_name);
    records.push_back(r);
  }
  std::vector<std::pair<std::string, CaseVerdict>> out;
  out.reserve(order.size());
  for (const auto& name : order) out.emplace_back(name, case_verdict(by_case[name]));
  return out;
}

}  // namespace exportcheck::report

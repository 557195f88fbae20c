#include "harness/report/console.h"

#include <cstdio>
#include <iomanip>
#include <map>
#include <utility>

#include "harness/report/case_verdict.h"
#include "harness/report/aoti_compiles.h"
#include "harness/report/executor_coverage.h"

namespace exportcheck::report {
namespace {

// "a, b, c, +4 more"
std::string some_cases(const std::vector<std::string>& cases) {
  std::string out;
  for (size_t i = 0; i < cases.size() && i < 3; ++i) out += (i ? ", " : "") + cases[i];
  if (cases.size() > 3) out += ", +" + std::to_string(cases.size() - 3) + " more";
  return out;
}

std::string indent(const std::string& text, const std::string& pad, size_t max_lines) {
  std::string out;
  size_t lines = 0, pos = 0;
  while (pos <= text.size() && lines < max_lines) {
    auto nl = text.find('\n', pos);
    out += pad + text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) + "\n";
    ++lines;
    if (nl == std::string::npos) return out;
    pos = nl + 1;
  }
  if (pos < text.size()) out += pad + "...\n";
  return out;
}

}  // namespace

void print_progress(std::ostream& out, int done, int total, const std::string& case_name,
                    const std::vector<StageResult>& results, double seconds) {
  const CaseVerdict cv = case_verdict(results);
  int width = static_cast<int>(std::to_string(total).size());
  char time[32];
  std::snprintf(time, sizeof time, "%.1f s", seconds);
  out << "[" << std::setw(width) << done << "/" << total << "] " << std::left << std::setw(12) << to_string(cv.verdict)
      << std::right << case_name << "  (" << cv.detail << "; " << time << ")" << std::endl;
}

void print_summary(std::ostream& out, const Summary& s) {
  std::vector<const StageResult*> bad;
  for (const auto& r : s.results)
    if (is_unexpected(r.verdict)) bad.push_back(&r);
  if (!bad.empty()) {
    out << "\n********************\nUnexpected results (" << bad.size() << "):\n";
    for (auto* r : bad) {
      out << "  " << to_string(r->verdict) << ": " << r->id() << "\n";
      out << indent(r->message, "      ", 12);
    }
    out << "********************\n";
  }
  auto counts = count_verdicts(s.results);
  const double total = static_cast<double>(s.results.size());
  char line[160];
  std::snprintf(line, sizeof line, "\nTesting Time: %.2fs\n\nTotal Discovered Tests: %zu\n", s.run.seconds, s.results.size());
  out << line;
  for (Verdict v : kAllVerdicts) {
    auto it = counts.find(v);
    if (it == counts.end()) continue;
    std::snprintf(line, sizeof line, "  %-12s: %d (%.2f%%)\n", std::string(to_string(v)).c_str(), it->second,
                  100.0 * it->second / total);
    out << line;
  }
  // Expected failures by reason; UNSUPPORTED and SKIP go to "Not run here" below, by cause.
  bool titled = false;
  for (const auto& g : group_by_reason(s.results)) {
    if (g.verdict != Verdict::XFail) continue;
    if (!titled) out << "\nExpected failures by reason:\n";
    titled = true;
    std::snprintf(line, sizeof line, "  %-11s %4d  ", std::string(to_string(g.verdict)).c_str(), g.count);
    out << line << g.reason << "  [" << some_cases(g.cases) << "]\n";
  }
  const Tally t = tally(s.results);
  if (!t.not_run.empty()) {
    out << "\nNot run here (" << t.skipped << " results; UNSUPPORTED and SKIP by cause):\n";
    for (const auto& g : t.not_run) {
      std::snprintf(line, sizeof line, "  %6d  ", g.count);
      out << line << g.cause << "  [" << some_cases(g.cases) << "]\n";
    }
  }
  const auto found = findings(s.results);
  if (!found.empty()) {
    out << "\nFindings (" << found.size() << "; expected to fail, but passed):\n";
    for (const StageResult* r : found) {
      const std::string_view legacy = "finding: ";  // runs before summary 1.3
      out << "  " << r->id() << ": " << (r->message.starts_with(legacy) ? r->message.substr(legacy.size()) : r->message)
          << "\n";
    }
  }
  const auto cases = case_verdicts(s.results);
  if (!cases.empty()) {
    std::map<Verdict, int> by_verdict;
    for (const auto& [name, cv] : cases) ++by_verdict[cv.verdict];
    out << "\nCases: " << cases.size() << " (";
    bool first = true;
    for (Verdict v : kAllVerdicts)
      if (by_verdict.count(v)) out << (std::exchange(first, false) ? "" : ", ") << to_string(v) << " " << by_verdict[v];
    out << ")\n";
  }
  const ExecutorCoverage coverage = executor_coverage(s.results);
  if (const std::string line = coverage_line(coverage); !line.empty()) {
    out << "\n" << line << "\n";
    constexpr size_t kListed = 10;  // all of them are in summary.json's executor_coverage
    for (size_t i = 0; i < coverage.not_passed.size() && i < kListed; ++i) {
      const ExecutorGap& g = coverage.not_passed[i];
      const std::string message = g.message.substr(0, g.message.find('\n'));
      out << "  " << (g.verdict ? to_string(*g.verdict) : "-") << "  " << g.case_name << " [" << g.variant << "]: "
          << message.substr(0, 160) << "\n";
    }
    if (coverage.not_passed.size() > kListed)
      out << "  +" << coverage.not_passed.size() - kListed << " more (summary.json: executor_coverage.not_passed)\n";
  }
  if (const std::string line = aoti_line(aoti_compiles(s.results)); !line.empty()) out << "\n" << line << "\n";
  out << "\n" << closing_lines(t) << std::flush;
}

std::string closing_lines(const Tally& t) {
  std::string out = "exportcheck: " + std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed, " +
                    std::to_string(t.skipped) + " skipped\n";
  std::vector<std::string> within;
  auto add = [&](int n, const std::string& one, const std::string& many) {
    if (n) within.push_back(std::to_string(n) + " " + (n == 1 ? one : many));
  };
  add(t.expected_failures, "expected failure (XFAIL)", "expected failures (XFAIL)");
  add(t.fixed, "golden updated (FIXED)", "goldens updated (FIXED)");
  add(t.drift, "golden drifted (DRIFT)", "goldens drifted (DRIFT)");
  add(t.findings, "finding", "findings");
  if (within.empty()) return out;
  out += "exportcheck: of those passed, ";
  for (size_t i = 0; i < within.size(); ++i) out += (i ? ", " : "") + within[i];
  return out + "\n";
}

}  // namespace exportcheck::report

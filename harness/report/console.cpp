#include "harness/report/console.h"

#include <cstdio>
#include <iomanip>

#include "harness/report/expectation_logic.h"

namespace exportcheck::report {
namespace {

// The case's headline verdict: its worst result.
Verdict worst(const std::vector<StageResult>& results) {
  static constexpr Verdict order[] = {Verdict::Error,   Verdict::Crash, Verdict::Timeout, Verdict::Fail,
                                      Verdict::XPass,   Verdict::Drift, Verdict::Fixed,   Verdict::XFail,
                                      Verdict::Unsupported, Verdict::Skip, Verdict::Pass};
  for (Verdict v : order)
    for (const auto& r : results)
      if (r.verdict == v) return v;
  return Verdict::Pass;
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
  int unexpected = 0;
  for (const auto& r : results) unexpected += is_unexpected(r.verdict);
  int width = static_cast<int>(std::to_string(total).size());
  char time[32];
  std::snprintf(time, sizeof time, "%.1f s", seconds);
  out << "[" << std::setw(width) << done << "/" << total << "] " << std::left << std::setw(12) << to_string(worst(results))
      << std::right << case_name << "  (" << results.size() << " stages";
  if (unexpected) out << ", " << unexpected << " unexpected";
  out << ", " << time << ")" << std::endl;
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
  const auto groups = group_by_reason(s.results);
  if (!groups.empty()) {
    out << "\nExpected failures by reason:\n";
    for (const auto& g : groups) {
      std::string cases;
      for (size_t i = 0; i < g.cases.size() && i < 3; ++i) cases += (i ? ", " : "") + g.cases[i];
      if (g.cases.size() > 3) cases += ", +" + std::to_string(g.cases.size() - 3) + " more";
      std::snprintf(line, sizeof line, "  %-11s %4d  ", std::string(to_string(g.verdict)).c_str(), g.count);
      out << line << g.reason << "  [" << cases << "]\n";
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
  int failed = static_cast<int>(bad.size());
  out << "\nexportcheck: " << static_cast<int>(total) - failed << " passed, " << failed << " failed" << std::endl;
}

}  // namespace exportcheck::report

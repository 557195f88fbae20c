#include "harness/cli/run_summary.h"

#include "harness/cli/arguments.h"
#include "harness/run/run_folder.h"

namespace exportcheck::cli {

std::filesystem::path summary_path(const std::string& run) {
  std::filesystem::path p(run);
  return std::filesystem::is_directory(p) ? p / "summary.json" : p;
}

report::Summary read_run_summary(const std::string& who, const std::string& run) {
  report::Summary s;
  try {
    s = report::read_summary(summary_path(run));
  } catch (const std::exception& e) {
    throw UsageError(who + ": " + e.what());
  }
  if (s.known_gaps.empty() && !s.run.root.empty()) s.known_gaps = run::known_gap_reasons(s.run.root);
  return s;
}

double parse_fraction(const std::string& who, const std::string& text) {
  try {
    size_t used = 0;
    double f = std::stod(text, &used);
    if (used == text.size() && f >= 0) return f;
  } catch (...) {
  }
  throw UsageError(who + " needs a non-negative number, got '" + text + "'");
}

}  // namespace exportcheck::cli

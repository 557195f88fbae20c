#pragma once
// A run against a baseline run, for release gating (`exportcheck report
// --baseline OLD --current NEW`). Like PyTorch's check_accuracy.py it fails
// on a regression *and* on an improvement nobody has written down yet, so
// the case files always say what is true.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/summary_json.h"

namespace exportcheck::report {

struct CompareOptions {
  double timing_ratio = 0.5;        // report a case whose time changed by more than 50% ...
  double timing_min_seconds = 1.0;  // ... and by more than this (noise on fast cases)
};

// One record (case × stage × variant) whose verdict changed meaningfully.
struct VerdictChange {
  std::string id;  // StageResult::id()
  std::string case_name;
  Verdict before = Verdict::Pass;
  Verdict after = Verdict::Pass;
  std::string message;       // the current record's message
  bool acknowledged = false;  // fixes only: the case file already says so
};

struct TimingChange {
  std::string case_name;
  double before = 0, after = 0;  // seconds, summed over the case's records
};

struct Comparison {
  std::string baseline_id, current_id;
  std::vector<VerdictChange> regressions;  // expected before, unexpected now
  std::vector<VerdictChange> fixes;        // XPASS now, or a failure that now passes
  std::vector<std::string> new_cases, removed_cases;
  std::vector<TimingChange> timing;
  int still_unexpected = 0;  // unexpected in both runs (not a change)

  int unacknowledged_fixes() const;
  // What the gate says: no regression and no unacknowledged fix.
  bool passes() const { return regressions.empty() && unacknowledged_fixes() == 0; }
};

Comparison compare_runs(const Summary& baseline, const Summary& current, const CompareOptions& options = {});

// Seconds per case, summed over its records (only those of `stage`, when given).
std::map<std::string, double> case_seconds(const Summary& s, std::string_view stage = {});
// The cases of both maps whose time changed by more than `ratio` of the old
// time and by more than `min_seconds`, by name.
std::vector<TimingChange> timing_changes(const std::map<std::string, double>& before,
                                         const std::map<std::string, double>& after, double ratio, double min_seconds);
// "0.65 s", "12.3 s": for console lines.
std::string format_seconds(double seconds);

// For the console: what changed and what to do about it.
std::string comparison_text(const Comparison& c);
// Embedded in index.html (the dashboard's comparison section).
nlohmann::json to_json(const Comparison& c);

}  // namespace exportcheck::report

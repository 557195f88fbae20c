#pragma once
// The release gate between two torch releases (`exportcheck gate`): the same
// selection run under the baseline release and under the candidate, each
// resolved against its own `torch:` expectations, plus optionally a forward
// compatibility run (the baseline release loading the candidate's archives,
// stages `compat:<saved-by>:<runtime>`). Built on compare_runs
// (comparison.h); unlike `report --baseline` a fix does not fail the gate:
// under a newer release it is news, not a stale case file.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/comparison.h"
#include "harness/report/summary_json.h"

namespace exportcheck::report {

struct GateOptions {
  double export_time_ratio = 0.5;        // report a case whose export time changed by more than 50% ...
  double export_time_min_seconds = 1.0;  // ... and by more than this (noise on fast exports)
};

// Why a record fails the gate.
enum class RegressionKind {
  Regression,      // expected under the baseline, unexpected under the candidate (compare_runs)
  ForwardCompat,   // unexpected in the forward run: the baseline cannot load the candidate's archive
  BackwardCompat,  // a candidate-only `compat:*` record that is unexpected: the candidate cannot load an older archive
};
std::string_view to_string(RegressionKind k);  // "regression", "forward compat", "backward compat"

struct GateRegression {
  RegressionKind kind = RegressionKind::Regression;
  std::string id;  // StageResult::id() in the run that failed
  std::string case_name;
  std::optional<Verdict> before;  // the baseline's verdict; none for forward and backward compat
  Verdict after = Verdict::Fail;  // the failing verdict
  std::string message;
};

// A program (case × variant) whose golden IR matched under the baseline and
// not under the candidate.
struct GoldenDrift {
  std::string case_name, variant;
  Verdict before = Verdict::Pass, after = Verdict::Drift;
  std::string message;  // the candidate's golden message
  std::string diff;     // the candidate's full diff (details.diff), else its message
};

// New or removed cases of one suite: the prefix before the first '/' of the
// case name ("exportdb-upstream", "opinfo"), "catalog" for cases/.
struct SuiteEntries {
  std::string suite;
  std::vector<std::string> cases;
};

// A case whose export seconds (its `export` records summed) changed.
using ExportTimeChange = TimingChange;

// One (case, stage, variant) of either run, or a record of the forward run.
struct SideBySideRow {
  std::string case_name, stage, variant;
  std::optional<Verdict> baseline, candidate;  // none: the run has no such record
  bool forward = false;  // a forward-run record: its verdict (the baseline release's) is in `baseline`
  std::optional<RegressionKind> regression;
  // Flagged in the tables: the verdicts differ (a record only one run has
  // included); a forward record when it fails the gate.
  bool differs() const { return forward ? regression.has_value() : baseline != candidate; }
};

struct GateRun {
  std::string id, torch;
};

struct GateReport {
  GateRun baseline, candidate;
  std::optional<GateRun> forward;
  std::vector<GateRegression> regressions;  // every kind; regressions first, then forward, then backward compat
  std::vector<VerdictChange> fixes;         // from compare_runs: listed, not gating
  std::vector<GoldenDrift> drift;
  std::vector<SuiteEntries> new_entries, removed_entries;
  std::vector<ExportTimeChange> export_time;
  std::vector<SideBySideRow> rows;  // by case, stage, variant; forward rows after each case's own
  int still_unexpected = 0;         // unexpected in both runs (not a change)

  int count(RegressionKind k) const;
  bool passes() const { return regressions.empty(); }
};

// `forward` may be null (no forward compatibility run).
GateReport make_gate(const Summary& baseline, const Summary& candidate, const Summary* forward,
                     const GateOptions& options = {});

// For the console: counts first, then each regression with its message, the
// drifted programs, export-time changes; the verdict last.
std::string gate_text(const GateReport& g);
// gate.json.
nlohmann::json to_json(const GateReport& g);
// One <testsuite> per case, one <testcase> per side-by-side row; a regression is a <failure>.
std::string gate_junit_xml(const GateReport& g);

}  // namespace exportcheck::report

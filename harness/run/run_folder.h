#pragma once
// A run folder read back, finished or not (layout: reports/README.md): the
// cases that failed in it (`run --failed-from`), and its reports rebuilt
// from what it streamed (`report --rebuild`: SIGKILL leaves only run.json
// and results.jsonl). Also the one writer of a run's reports, so that a
// finished, an interrupted and a rebuilt run write the same files.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/report/summary_json.h"

namespace exportcheck::run {

// The record of a selected case the run did not finish (SIGINT, SIGTERM,
// SIGKILL): stage "case", SKIP, "not run: interrupted", reason "interrupted".
report::StageResult interrupted_result(const std::string& case_name);

// The cases with an unexpected result (report::is_unexpected) in `run`: a run
// folder (its summary.json, else its results.jsonl when the run was killed)
// or one of those files; in order of first appearance. Throws
// std::runtime_error when there is nothing to read.
std::vector<std::string> failed_cases(const std::filesystem::path& run);

// The records of a results.jsonl. A line that does not parse is skipped and
// counted: the last line of a killed run may be cut short.
struct StreamedResults {
  std::vector<report::StageResult> results;
  int unreadable_lines = 0;
};
StreamedResults read_results_stream(const std::filesystem::path& file);

// Each case's seconds in `run` (a run folder: its summary.json, else its
// results.jsonl), the sum of its records' seconds, for the ETA of the next
// run's progress line. Cases recorded as interrupted are left out: they did
// not run. Empty when there is nothing readable: an estimate is no reason to fail.
std::map<std::string, double> recorded_case_seconds(const std::filesystem::path& run);

// <run>/run.json: summary.json's schema with run info and the selected
// cases but no results, written when the run starts.
void write_run_header(const std::filesystem::path& dir, const report::Summary& header);

// A run's summary from its results.jsonl. Run info and cases come from
// summary.json if there is one, else run.json, else the folder's name and
// the cases of the results; every case of the header without a result is
// recorded as interrupted. Results in case order, as a run writes them.
struct Rebuilt {
  report::Summary summary;
  int interrupted = 0;       // cases recorded as interrupted
  int unreadable_lines = 0;  // of results.jsonl
};
Rebuilt rebuild_summary(const std::filesystem::path& dir);

// Cases in name order (stable: a case's records keep their order).
void sort_by_case(std::vector<report::StageResult>& results);

// The reasons of <root>/cases/known-gaps.yaml's entries (empty when there
// is none or it does not read).
std::vector<std::string> known_gap_reasons(const std::filesystem::path& root);

// summary.json, junit.xml and index.html in `dir`. A summary without
// known_gaps gets those of its run's root (run.root), so its upstream gaps
// tell known gaps from expectations.
void write_reports(const std::filesystem::path& dir, const report::Summary& summary);

}  // namespace exportcheck::run

#pragma once
// reports/<run>/summary.json: versioned, one record per case × stage ×
// variant. Layout documented in reports/README.md.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/stage_result.h"

namespace exportcheck::report {

inline constexpr int kSummaryMajor = 1;
inline constexpr int kSummaryMinor = 10; // 1.1: run.{devices,commit,root,shard}, cases; 1.2: expected_by_reason, findings;
                                         // 1.3: results[].reason, results[].finding;
                                         // 1.4: cases[].{verdict,detail}, totals, case_counts, not_run_by_cause;
                                         // 1.5: upstream_gaps; 1.6: suites, executor_coverage; 1.7: aoti_compiles;
                                         // 1.8: run.worker_startup_seconds;
                                         // 1.9: run.archives_removed; 1.10: run.worker_threads

struct RunInfo {
  std::string id;
  std::string started_at;  // ISO 8601 UTC
  double seconds = 0;
  std::string torch;       // from the workers' hello
  std::string python;
  std::string host;
  std::string command;
  int jobs = 1;
  // 1.1 fields; empty when a 1.0 file is read.
  std::vector<std::string> devices;  // "cpu", plus "cuda" when the workers saw a GPU
  std::string commit;                // git commit of the project root, if any
  std::string root;                  // project root the run used (dashboard links)
  std::string shard;                 // "K/N" for `run --shard K/N`, else ""
  // 1.8: slot-seconds the slots waited for their workers to start (each
  // worker's import of torch, restarts included), outside every stage's seconds.
  double worker_startup_seconds = 0;
  // 1.9: the cases whose archives and bundles the run deleted once they had
  // passed (--keep-archives failing), and the bytes that freed.
  int archives_removed_cases = 0;
  std::uintmax_t archives_removed_bytes = 0;
  // 1.10: each worker's torch threads and who chose them (run/worker_threads.h):
  // "--worker-threads", "OMP_NUM_THREADS" or "cores / jobs"; 0 and "" when unknown.
  int worker_threads = 0;
  std::string worker_threads_source;
};

// What the dashboard needs about a case beyond its results (1.1, optional).
struct CaseInfo {
  std::vector<std::string> tags;
  std::string file;  // "cases/x.yaml", relative to the project root
  std::string description;
};

struct Summary {
  RunInfo run;
  std::vector<StageResult> results;
  std::map<std::string, CaseInfo> cases;  // by case name; may be empty (1.0)
  // The reasons of cases/known-gaps.yaml's entries, so that upstream_gaps
  // (upstream_gap.h) tells a known gap from a case's expectation. Filled by
  // the writer of a run's reports (run/run_folder.h) from the project root;
  // read back from a 1.5 file's "upstream_gaps" (the known gaps it saw).
  std::vector<std::string> known_gaps;
};

std::map<Verdict, int> count_verdicts(const std::vector<StageResult>& results);

// XFAIL and UNSUPPORTED results grouped by their reason
// (expectation_logic.h: expected_reason): XFAIL groups first, then
// UNSUPPORTED; within each, most results first, then by reason.
struct ReasonGroup {
  Verdict verdict = Verdict::XFail;
  std::string reason;
  int count = 0;
  std::vector<std::string> cases;  // distinct, in order of first appearance
};
std::vector<ReasonGroup> group_by_reason(const std::vector<StageResult>& results);
// summary.json's "expected_by_reason": {"XFAIL": [{reason, count, cases}], "UNSUPPORTED": [...]}.
nlohmann::json expected_by_reason_json(const std::vector<ReasonGroup>& groups);

// PASS results whose message is a finding (an xfail with `xpass: finding` that passed).
std::vector<const StageResult*> findings(const std::vector<StageResult>& results);
nlohmann::json summary_to_json(const Summary& s);
// Throws std::runtime_error for another major version or a malformed file.
Summary summary_from_json(const nlohmann::json& j);
// Written to a temporary file and renamed, so a reader never sees half a file.
void write_summary(const std::filesystem::path& path, const Summary& s);
Summary read_summary(const std::filesystem::path& path);

}  // namespace exportcheck::report

#pragma once
// reports/<run>/suites.csv and suites-pass-rates.csv: the per-model view of
// the `<suite>/<op>/<lane>` suites (suite_table.h) in the shape of PyTorch's
// dynamo benchmark CSVs (benchmarks/dynamo/ci_expected_accuracy/*.csv:
// `name,accuracy,graph_breaks`), so the two can be read side by side.
//
//   suites.csv             suite,name,lane,status,<stage>...   one row per op × lane
//   suites-pass-rates.csv  suite,kind,name,passed,ran,xfail,not_run,rate
//
// `status` is one dynamo-like word per row (ModelStatus); each <stage>
// column holds the stage's verdict (the most noteworthy of its variants, as
// summary.json's `suites.<suite>.ops`), empty when the row has no record of
// it. reports/README.md ("suites.csv") documents both files.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/stage_result.h"

namespace exportcheck::report {

// The first that applies, over one case's records:
//   eager_fail_to_run  an unexpected record says eager itself failed (replay/guards:
//                      "eager reference failed on D: ...", or status no_eager_output)
//   fail_to_export     the export stage FAIL, TIMEOUT, CRASH or ERROR
//   fail_to_run        any other FAIL, TIMEOUT, CRASH or ERROR, except a replay
//                      mismatch (a replay that could not load or run the program,
//                      archive, roundtrip, golden, guards, catalog)
//   fail_accuracy      a replay or sequence FAIL: the program ran and its outputs
//                      (or, after a sequence, its buffers) differ from eager
//   xpass              an XPASS: passed where a failure was expected
//   unsupported        nothing ran (every record UNSUPPORTED or SKIP), some UNSUPPORTED
//   skip               nothing ran, every record SKIP (interrupted, `skip` expectation)
//   xfail              nothing unexpected, some record XFAIL (fails as expected)
//   pass               every record that ran passed (PASS, FIXED, DRIFT)
// The failing words are unexpected records (the run fails on them); expected
// outcomes are xfail, unsupported and skip.
enum class ModelStatus {
  EagerFailToRun,
  FailToExport,
  FailToRun,
  FailAccuracy,
  XPass,
  Unsupported,
  Skip,
  XFail,
  Pass,
};
std::string_view to_string(ModelStatus s);

// A record that says eager itself failed (the message or details.status).
bool eager_failed(const StageResult& r);
// A replay FAIL that is a failure to load or run the program, not a mismatch
// ("load: Type: ...", "sample i (...): run: Type: ...").
bool replay_did_not_run(const StageResult& r);

// One case's records, one at a time.
class ModelStatusAccumulator {
 public:
  void add(const StageResult& r);
  ModelStatus status() const;

 private:
  bool eager_ = false, export_ = false, run_ = false, accuracy_ = false, xpass_ = false;
  bool ran_ = false, unsupported_ = false, xfail_ = false;
};
ModelStatus model_status(const std::vector<StageResult>& records);

// One field of a CSV line (RFC 4180): quoted when it holds a comma, a double
// quote, CR or LF, inner quotes doubled; as is otherwise.
std::string csv_field(std::string_view text);

// The two files' text (lines end in "\n"); "" when `results` hold no case
// of a `<suite>/<op>/<lane>` suite. Rows by suite, name, lane; pass-rate
// rows per suite: `models` (name `all`, then each lane: rows by status,
// passed = pass, xfail = xfail, not_run = unsupported + skip), `stage` (each
// stage, pipeline order) and `runtime` (replay:R:*, guards:R:* and sequence:R:*), as
// summary.json's pass_rates (pass_rate.h); rate = passed ÷ ran with 4
// decimals, empty when nothing ran.
std::string suites_csv(const std::vector<StageResult>& results);
std::string suites_pass_rates_csv(const std::vector<StageResult>& results);

// Writes dir/suites.csv and dir/suites-pass-rates.csv (atomic_file.h) when
// `results` hold suite cases and returns true; otherwise writes neither,
// removes stale ones, and returns false.
bool write_suite_csvs(const std::filesystem::path& dir, const std::vector<StageResult>& results);

}  // namespace exportcheck::report

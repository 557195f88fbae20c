#pragma once
// One `exportcheck run`: picks the cases, runs them on -j N worker slots,
// streams results to results.jsonl as each case ends (so a killed run keeps
// what it finished; run.json, written first, holds the rest of what
// `report --rebuild` needs), then writes summary.json, junit.xml and
// index.html and points reports/latest at the run. An interrupted run
// (RunOptions::interrupt) stops its workers at once and writes the same
// reports, the unfinished cases recorded as not run ("interrupted").
#include <ostream>

#include "harness/catalog/catalog.h"
#include "harness/report/summary_json.h"
#include "harness/run/run_options.h"

namespace exportcheck::run {

struct RunOutcome {
  report::Summary summary;
  std::filesystem::path out_dir;
  int exit_code = 0;  // 0 all expected, 1 any unexpected, 128 + signal when interrupted
  int interrupted_by = 0;  // SIGINT / SIGTERM that stopped the run (RunOptions::interrupt), else 0
};

// The cases a run covers: the external suite when options.suite is set
// (run/suite.h: asks an export worker; throws SuiteError), else cases/*.yaml.
catalog::Catalog load_run_catalog(const RunOptions& options);

// Throws UsageError (exit 2) for a selection problem, and before any case when
// the workers' torch is not options.libtorch_version's release (torch_release.h;
// a run folder it created is removed again). With --failed-from and
// nothing left to rerun: says so, writes nothing, exit_code 0, empty out_dir.
RunOutcome run_catalog(const catalog::Catalog& catalog, const RunOptions& options, std::ostream& console);

// Default run id: UTC time, e.g. 20261126-143501.
std::string new_run_id();

}  // namespace exportcheck::run

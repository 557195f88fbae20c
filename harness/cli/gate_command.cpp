#include <iostream>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_summary.h"
#include "harness/report/atomic_file.h"
#include "harness/report/gate.h"
#include "harness/report/gate_dashboard.h"

namespace exportcheck::cli {
namespace {

const char* kGateHelp = R"(usage: exportcheck gate --baseline RUN --candidate RUN [--forward RUN] --out DIR
                        [--export-time-threshold F]

The release gate between two torch releases: the same selection run under
the baseline release (e.g. 2.13.0) and the candidate (e.g. 2.14.1), each
resolved against the expectations' `torch:` ranges for its own release.
A RUN is a run folder or its summary.json.

  --baseline RUN        the run under the baseline release
  --candidate RUN       the same selection under the candidate release
  --forward RUN         forward compatibility: the baseline release loading
                        and replaying the candidate's archives (records
                        `compat:<saved-by>:<runtime>`); every unexpected
                        record of it fails the gate
  --out DIR             writes DIR/gate.json, DIR/junit.xml (one testcase
                        per record of either run, a regression a failure)
                        and DIR/index.html (the gate's offline page)
  --export-time-threshold F
                        list a case whose `export` seconds changed by more
                        than the fraction F (default 0.5) and by more than 1 s

Fails on regressions: records expected under the baseline and unexpected
under the candidate, unexpected records of the forward run, and unexpected
`compat:*` records only the candidate has (it cannot load an older
archive). Listed without failing: fixes (news under a newer release), golden
IR that matched under the baseline and not under the candidate (with its
diff), new and removed suite entries by suite, export-time changes.

Exit code: 0 the gate passes, 1 a regression, 2 usage error (a missing or
unreadable run is named).
)";

report::Summary read(const char* flag, const std::string& run) {
  if (!std::filesystem::exists(run))
    throw UsageError(std::string("exportcheck gate: ") + flag + ": no run folder or summary.json at " + run);
  return read_run_summary(std::string("exportcheck gate: ") + flag, run);
}

}  // namespace

int gate_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck gate");
  if (args.flag("--help") || args.flag("-h")) {
    std::cout << kGateHelp;
    return 0;
  }
  auto baseline = args.value("--baseline");
  auto candidate = args.value("--candidate");
  auto forward = args.value("--forward");
  auto out = args.value("--out");
  auto threshold = args.value("--export-time-threshold");
  if (auto extra = args.positional()) throw UsageError("exportcheck gate: unexpected argument '" + *extra + "'");
  args.finish();
  if (!baseline || !candidate || !out)
    throw UsageError("exportcheck gate: needs --baseline RUN, --candidate RUN and --out DIR (see --help)");

  report::GateOptions options;
  if (threshold) options.export_time_ratio = parse_fraction("exportcheck gate: --export-time-threshold", *threshold);
  const auto old_run = read("--baseline", *baseline);
  const auto new_run = read("--candidate", *candidate);
  std::optional<report::Summary> forward_run;
  if (forward) forward_run = read("--forward", *forward);

  const auto gate = report::make_gate(old_run, new_run, forward_run ? &*forward_run : nullptr, options);
  const std::filesystem::path dir(*out);
  std::filesystem::create_directories(dir);
  report::write_file_atomically(dir / "gate.json", report::to_json(gate).dump(1) + "\n");
  report::write_file_atomically(dir / "junit.xml", report::gate_junit_xml(gate));
  report::write_gate_dashboard(dir / "index.html", gate);
  std::cout << report::gate_text(gate) << "wrote " << (dir / "gate.json").string() << ", junit.xml, index.html\n";
  return gate.passes() ? 0 : 1;
}

}  // namespace exportcheck::cli

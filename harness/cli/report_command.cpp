#include <iostream>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_summary.h"
#include "harness/report/atomic_file.h"
#include "harness/report/comparison.h"
#include "harness/report/dashboard.h"
#include "harness/report/junit_xml.h"
#include "harness/report/merge.h"
#include "harness/report/suite_csv.h"
#include "harness/run/run_folder.h"

namespace exportcheck::cli {
namespace {

const char* kReportHelp = R"(usage: exportcheck report --merge RUN... --out DIR [--baseline OLD]
       exportcheck report --baseline OLD --current NEW [--timing-threshold F]
       exportcheck report --html RUN
       exportcheck report --rebuild RUN

Reports from finished runs. A RUN is a run folder or its summary.json.

  --merge RUN...        join shard runs (`exportcheck run --shard K/N`) into
                        DIR: summary.json, junit.xml, index.html (and
                        suites.csv, suites-pass-rates.csv), as if the
                        catalog had run once. Exit 1 on unexpected results.
  --out DIR             where --merge writes
  --baseline OLD        compare a run with OLD: regressions (expected before,
                        unexpected now), fixes (XPASS, or a failure that now
                        passes: update the expectation), new and removed
                        cases, timing changes. Rewrites the current run's
                        index.html with a comparison section and writes its
                        comparison.json. Exit 1 on a regression or an
                        unacknowledged fix (like check_accuracy.py).
  --current NEW         the run to compare (default: the --merge result)
  --timing-threshold F  report a case whose time changed by more than the
                        fraction F (default 0.5) and by more than 1 s
  --html RUN            (re)write RUN's index.html from its summary.json, and
                        its suites.csv and suites-pass-rates.csv when it has
                        <suite>/<op>/<lane> cases (e.g. a run older than them)
  --rebuild RUN         (re)write RUN's summary.json, junit.xml, index.html
                        (and the suites CSVs, as --html)
                        from RUN/results.jsonl (a run folder or a file in it), e.g. after the
                        run was killed (SIGKILL, out of memory): run info and
                        the selected cases from RUN/run.json, each case
                        without results recorded as not run (SKIP "not run:
                        interrupted"). Exit 1 on unexpected results.

Exit code: 0 as expected, 1 unexpected results / gate failed, 2 usage error.
)";

report::Summary read(const std::string& run) { return read_run_summary("exportcheck report", run); }

// `--rebuild RUN`: the reports a run writes at its end, from what it streamed.
int rebuild_reports(const std::string& run) {
  std::filesystem::path dir(run);  // the folder, or a file in it (results.jsonl, summary.json)
  if (std::filesystem::is_regular_file(dir)) dir = dir.has_parent_path() ? dir.parent_path() : ".";
  run::Rebuilt rebuilt;
  try {
    rebuilt = run::rebuild_summary(dir);
  } catch (const std::exception& e) {
    throw UsageError(std::string("exportcheck report: --rebuild: ") + e.what());
  }
  run::write_reports(dir, rebuilt.summary);
  int code = 0;
  for (const auto& r : rebuilt.summary.results)
    if (report::is_unexpected(r.verdict)) code = 1;
  std::cout << "rebuilt summary.json, junit.xml, index.html in " << dir.string() << ": "
            << rebuilt.summary.cases.size() - static_cast<size_t>(rebuilt.interrupted) << " case(s) finished, "
            << rebuilt.interrupted << " not run (interrupted)";
  if (rebuilt.unreadable_lines) std::cout << "; " << rebuilt.unreadable_lines << " unreadable line(s) of results.jsonl skipped";
  std::cout << (code ? " (unexpected results)" : "") << "\n";
  return code;
}

}  // namespace

int report_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck report");
  if (args.flag("--help") || args.flag("-h")) {
    std::cout << kReportHelp;
    return 0;
  }
  auto out = args.value("--out");
  auto baseline = args.value("--baseline");
  auto current = args.value("--current");
  auto html = args.value("--html");
  auto rebuild = args.value("--rebuild");
  auto threshold = args.value("--timing-threshold");
  const bool merge = args.flag("--merge");
  std::vector<std::string> inputs;
  while (auto p = args.positional()) inputs.push_back(*p);
  args.finish();

  if (rebuild) {
    if (merge || baseline || current || html || out || !inputs.empty())
      throw UsageError("exportcheck report: --rebuild RUN takes no other option");
    return rebuild_reports(*rebuild);
  }
  if (!merge && !baseline && !html)
    throw UsageError("exportcheck report: needs --merge, --baseline, --html or --rebuild (see --help)");
  if (merge && (inputs.empty() || !out)) throw UsageError("exportcheck report: --merge needs RUN... and --out DIR");
  if (!merge && !inputs.empty()) throw UsageError("exportcheck report: unexpected argument '" + inputs.front() + "'");
  if (baseline && !merge && !current) throw UsageError("exportcheck report: --baseline needs --current NEW (or --merge)");
  if (merge && current) throw UsageError("exportcheck report: --current and --merge exclude each other");

  int code = 0;
  if (html) {
    auto s = read(*html);
    auto dir = summary_path(*html).parent_path();
    report::write_dashboard(dir / "index.html", s);
    std::cout << "wrote " << (dir / "index.html").string() << "\n";
    if (report::write_suite_csvs(dir, s.results))
      std::cout << "wrote " << (dir / "suites.csv").string() << ", " << (dir / "suites-pass-rates.csv").string() << "\n";
  }
  std::filesystem::path current_dir;
  report::Summary now;
  if (merge) {
    std::vector<report::Summary> shards;
    for (const auto& in : inputs) shards.push_back(read(in));
    current_dir = std::filesystem::path(*out);
    now = report::merge_summaries(shards, current_dir.filename().string());
    std::filesystem::create_directories(current_dir);
    report::write_summary(current_dir / "summary.json", now);
    report::write_junit(current_dir / "junit.xml", now);
    report::write_suite_csvs(current_dir, now.results);
    for (const auto& r : now.results)
      if (report::is_unexpected(r.verdict)) code = 1;
    std::cout << "merged " << shards.size() << " run(s), " << now.results.size() << " results into "
              << current_dir.string() << (code ? " (unexpected results)" : "") << "\n";
  } else if (current) {
    now = read(*current);
    current_dir = summary_path(*current).parent_path();
  }
  if (baseline) {
    report::CompareOptions options;
    if (threshold) options.timing_ratio = parse_fraction("exportcheck report: --timing-threshold", *threshold);
    auto comparison = report::compare_runs(read(*baseline), now, options);
    std::cout << report::comparison_text(comparison);
    report::write_dashboard(current_dir / "index.html", now, &comparison);
    report::write_file_atomically(current_dir / "comparison.json", report::to_json(comparison).dump(1) + "\n");
    if (!comparison.passes()) code = 1;
  } else if (merge) {
    report::write_dashboard(current_dir / "index.html", now);
  }
  return code;
}

}  // namespace exportcheck::cli

#include <iostream>

#include "harness/catalog/catalog.h"
#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/cli/project_root.h"
#include "harness/run/case_selection.h"
#include "harness/run/run_session.h"
#include "harness/run/suite.h"

namespace exportcheck::cli {

static const char* kRunHelp = R"(usage: exportcheck run [options]

Runs the catalog's cases (cases/*.yaml): export, golden IR, replay against
eager. Writes reports/<run-id>/{summary.json,junit.xml,results.jsonl,cases/}
and index.html (the dashboard), and points reports/latest at it.

  --case NAME        run this case (repeatable)
  --filter REGEX     run cases whose name matches REGEX
  --tag TAG          run cases with this tag (repeatable: any of)
  --suite NAME       run an external suite instead of cases/: exportdb-upstream
                     (PyTorch's ExportDB of the installed torch, read at run
                     time; cases exportdb-upstream/<example>; expectations
                     in cases/suites/exportdb-upstream.yaml, goldens in
                     golden/exportdb-upstream/)
  --runtime R        replay and guards through runtime R: module, nativert,
                     cpp (repeatable; default: all three)
  --device D         only device D of each case: cpu, cuda (repeatable)
  --shard K/N        run slice K of N of the selection (balanced, by FNV-1a of
                     the case names; `exportcheck report --merge` joins them)
  -j N, --jobs N     worker slots (default: number of cores)
  --out DIR          run folder (default: reports/<run-id>)
  --update-golden    rewrite golden/<case>/<ir>.ir where it differs (FIXED)
  --strict-golden    a golden from another torch release is FAIL, not DRIFT
  --exit-zero        exit 0 even with unexpected results (CTest fixture)
  --quiet            no progress or summary on the console
  --root DIR         project root (default: found from cwd or the binary)
  --python PATH      interpreter for the workers (default: .venv/bin/python)

Exit code: 0 all results as expected, 1 any unexpected result
(FAIL, XPASS, TIMEOUT, CRASH, ERROR), 2 usage or catalog error.
)";

int run_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck run");
  if (args.flag("--help") || args.flag("-h")) {
    std::cout << kRunHelp;
    return 0;
  }
  run::RunOptions options;
  options.command_line = "exportcheck run";
  for (const auto& a : argv) options.command_line += " " + a;
  options.root = find_root(args.value("--root"));
  options.python = find_python(args.value("--python"), options.root);
  options.source_root = find_source_root(options.root);
  if (auto out = args.value("--out")) options.out = std::filesystem::absolute(*out);
  options.case_names = args.values("--case");
  options.filter = args.value("--filter");
  options.tags = args.values("--tag");
  options.suite = args.value("--suite");
  if (auto shard = args.value("--shard")) {
    try {
      options.shard = run::parse_shard(*shard);
    } catch (const run::UsageError& e) {
      throw UsageError(std::string("exportcheck run: ") + e.what());
    }
  }
  auto jobs = args.value("-j");
  if (auto j2 = args.value("--jobs")) jobs = j2;
  if (jobs) {
    try {
      options.jobs = std::stoi(*jobs);
    } catch (...) {
      throw UsageError("exportcheck run: -j needs a number, got '" + *jobs + "'");
    }
    if (options.jobs < 1) throw UsageError("exportcheck run: -j must be at least 1");
  }
  options.runtimes = args.values("--runtime");
  for (const auto& r : options.runtimes)
    if (r != "module" && r != "nativert" && r != "cpp")
      throw UsageError("exportcheck run: --runtime " + r + ": known runtimes are module, nativert, cpp");
  options.devices = args.values("--device");
  for (const auto& d : options.devices)
    if (d != "cpu" && d != "cuda") throw UsageError("exportcheck run: --device " + d + ": known devices are cpu, cuda");
  options.update_golden = args.flag("--update-golden");
  options.strict_golden = args.flag("--strict-golden");
  options.exit_zero = args.flag("--exit-zero");
  options.quiet = args.flag("--quiet");
  args.finish();

  catalog::Catalog cat;
  try {
    cat = run::load_run_catalog(options);
  } catch (const run::SuiteError& e) {
    throw UsageError(std::string("exportcheck run: --suite: ") + e.what());
  }
  try {
    auto outcome = run::run_catalog(cat, options, std::cout);
    return options.exit_zero ? 0 : outcome.exit_code;
  } catch (const run::UsageError& e) {
    throw UsageError(std::string("exportcheck run: ") + e.what());
  }
}

}  // namespace exportcheck::cli

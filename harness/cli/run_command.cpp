#include <algorithm>
#include <charconv>
#include <iostream>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness/catalog/catalog.h"
#include "harness/catalog/schema.h"
#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/cli/project_root.h"
#include "harness/run/case_selection.h"
#include "harness/run/replay_stages.h"
#include "harness/run/run_folder.h"
#include "harness/run/run_session.h"
#include "harness/run/suite.h"
#include "harness/worker/interrupt.h"

// TORCH_VERSION_MAJOR/MINOR/PATCH of the LibTorch this binary is built against
// (header-only; in this file only, so another torch rebuilds little of cli/).
#include <torch/version.h>

namespace exportcheck::cli {

static const char* kRunHelp = R"(usage: exportcheck run [options]

Runs the catalog's cases (cases/*.yaml): export, golden IR, replay against
eager. Writes reports/<run-id>/{summary.json,junit.xml,results.jsonl,cases/}
and index.html (the dashboard), plus suites.csv and suites-pass-rates.csv
when it ran <suite>/<op>/<lane> cases (--suite opinfo), and points
reports/latest at it.

  --case NAME        run this case (repeatable)
  --filter REGEX     run cases whose name matches REGEX
  --tag TAG          run cases with this tag (repeatable: any of)
  --failed-from RUN  rerun the cases with unexpected results (FAIL, XPASS,
                     TIMEOUT, CRASH, ERROR) in an earlier run: a run folder
                     (its summary.json, or results.jsonl if it was killed),
                     like pytest --lf; the options above narrow it further.
                     Nothing failed there: says so, runs nothing, exit 0
  --suite NAME       run an external suite instead of cases/: exportdb-upstream
                     (PyTorch's ExportDB of the installed torch, read at run
                     time; cases exportdb-upstream/<example>; expectations
                     in cases/suites/exportdb-upstream.yaml, goldens in
                     golden/exportdb-upstream/)
  --runtime R        replay and guards through runtime R: module, nativert,
                     cpp, aoti, or all (repeatable; default: module,
                     nativert, cpp). aoti compiles each program with
                     AOTInductor in the load worker (seconds to minutes per
                     program) and runs the package in the C++ worker
  --aoti-cache DIR   the aoti compile cache (default: <root>/.cache/aoti):
                     packages keyed by archive content, torch, device and
                     options; a damaged entry or one from another torch is
                     compiled again
  --compat-from RUN  also replay the archives another release's run saved
                     (RUN/cases/<case>/<mode>/<ir>.pt2 with its replay.pt)
                     as stages compat:<its torch>:module and :cpp
                     (repeatable; replaces golden/archives/<that release>/).
                     Without it the compat stages replay the frozen
                     archives of golden/archives/<release>/ of each case
  --compat-only      only the compat stages: no export (a release gate's
                     forward direction: the baseline loading the
                     candidate's archives)
  --no-compat        no compat stages
  --device D         only device D of each case: cpu, cuda (repeatable)
  --mode M           only export mode M of each case: nonstrict, strict
                     (repeatable); cases without it are not selected
  --ir IR            only IR level IR of each case: training, inference,
                     core_aten, custom (repeatable); as --mode
  --shard K/N        run slice K of N of the selection (balanced, by FNV-1a of
                     the case names; `exportcheck report --merge` joins them)
  -j N, --jobs N     worker slots (default: number of cores)
  --worker-threads N torch intra-op threads of each worker (OMP_NUM_THREADS).
                     Default: $OMP_NUM_THREADS when set, else cores / slots
                     (at least 1): slots that each take every core slow
                     each other down (summary.json run.worker_threads)
  --memory-budget-mb N
                     each worker's resident memory while it serves a case,
                     in MiB (default 6144; 0: no budget), for cases whose
                     file (memory_mb:) or suite sets none. A worker past it
                     is killed and restarted, and the stage it served is
                     CRASH "memory budget exceeded: peak P > budget B"
  --out DIR          run folder (default: reports/<run-id>)
  --keep-archives K  all: every case keeps its programs and replay bundles
                     under cases/<case>/; failing: only cases with an
                     unexpected result keep them, the others' *.pt2 and *.pt
                     are deleted as each case ends (summary.json
                     run.archives_removed). Default: the suite's
                     keep_archives: (failing for the model suites, about
                     1 GB per model), else all. A run the release gate's
                     forward direction replays (--compat-from) needs all
  --update-golden    rewrite golden/<case>/<ir>.ir where it differs (FIXED)
  --strict-golden    a golden from another torch release is FAIL, not DRIFT
  --exit-zero        exit 0 even with unexpected results (CTest fixture)
  --progress WHEN    auto (default), always, never. On a terminal (auto:
                     stdout is one) one line updates in place: cases done,
                     unexpected so far, elapsed, ETA (from each case's time
                     in reports/latest, else the mean so far); only cases
                     with unexpected results get their own line. Otherwise
                     one line per case, as in CI logs
  --quiet            no progress or summary on the console
  --root DIR         project root (default: found from cwd or the binary)
  --python PATH      interpreter for the workers (default: $EXPORTCHECK_PYTHON,
                     else .venv/bin/python; a binary in build-VERSION/ uses
                     .venv-VERSION/bin/python). Its torch must be the release
                     this binary's LibTorch is: another one stops the run
                     before any case (exit 2)

Ctrl-C (SIGINT) or SIGTERM stops the run: every worker is killed at once,
summary.json, junit.xml and index.html are written for the cases that
finished, the rest recorded as not run (SKIP "not run: interrupted"), and
the exit code is 130 (SIGINT) or 143 (SIGTERM). A second Ctrl-C ends at
once. After SIGKILL, `exportcheck report --rebuild RUN` writes the reports
from RUN/results.jsonl and RUN/run.json.

Exit code: 0 all results as expected, 1 any unexpected result
(FAIL, XPASS, TIMEOUT, CRASH, ERROR), 2 usage or catalog error,
130 / 143 interrupted.
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
  options.libtorch_version = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                             std::to_string(TORCH_VERSION_PATCH);
  if (auto out = args.value("--out")) options.out = std::filesystem::absolute(*out);
  options.case_names = args.values("--case");
  options.filter = args.value("--filter");
  options.tags = args.values("--tag");
  options.suite = args.value("--suite");
  if (auto from = args.value("--failed-from")) {
    try {
      options.failed_cases = run::failed_cases(*from);
    } catch (const std::exception& e) {
      throw UsageError(std::string("exportcheck run: --failed-from: ") + e.what());
    }
    options.failed_from = *from;
  }
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
  if (auto threads = args.value("--worker-threads")) {
    int value = 0;
    auto [end, ec] = std::from_chars(threads->data(), threads->data() + threads->size(), value);
    if (ec != std::errc() || end != threads->data() + threads->size() || value < 1)
      throw UsageError("exportcheck run: --worker-threads needs a whole number of threads, at least 1, got '" + *threads +
                       "'");
    options.worker_threads = value;
  }
  if (auto mb = args.value("--memory-budget-mb")) {
    std::int64_t value = -1;
    auto [end, ec] = std::from_chars(mb->data(), mb->data() + mb->size(), value);
    if (ec != std::errc() || end != mb->data() + mb->size() || value < 0)
      throw UsageError("exportcheck run: --memory-budget-mb needs a whole number of MiB (0: no budget), got '" + *mb + "'");
    if (value > 0)
      if (std::string problem = catalog::schema::memory_mb_error(value); !problem.empty())
        throw UsageError("exportcheck run: --memory-budget-mb: " + problem);
    options.memory_budget_mb = value;
  }
  if (auto keep = args.value("--keep-archives")) {
    options.keep_archives = catalog::parse_keep_archives(*keep);
    if (!options.keep_archives)
      throw UsageError("exportcheck run: --keep-archives " + *keep + ": use all or failing");
  }
  for (const auto& r : args.values("--runtime")) {
    if (r == "all") {
      options.runtimes = run::every_runtime();
      break;
    }
    const auto& known = run::every_runtime();
    if (std::find(known.begin(), known.end(), r) == known.end())
      throw UsageError("exportcheck run: --runtime " + r + ": known runtimes are module, nativert, cpp, aoti (or all)");
    options.runtimes.push_back(r);
  }
  if (auto dir = args.value("--aoti-cache")) options.aoti_cache = std::filesystem::absolute(*dir);
  options.modes = args.values("--mode");
  for (const auto& m : options.modes)
    if (m != "nonstrict" && m != "strict") throw UsageError("exportcheck run: --mode " + m + ": known modes are nonstrict, strict");
  options.irs = args.values("--ir");
  for (const auto& ir : options.irs)
    if (!catalog::schema::contains(catalog::schema::kIrs, ir))
      throw UsageError("exportcheck run: --ir " + ir + ": known IR levels are training, inference, core_aten, custom");
  options.devices = args.values("--device");
  for (const auto& d : options.devices)
    if (d != "cpu" && d != "cuda") throw UsageError("exportcheck run: --device " + d + ": known devices are cpu, cuda");
  for (const auto& dir : args.values("--compat-from")) {
    try {
      options.compat_from.push_back(run::run_source(std::filesystem::absolute(dir)));
    } catch (const std::exception& e) {
      throw UsageError("exportcheck run: --compat-from " + dir + ": " + e.what());
    }
  }
  options.compat_only = args.flag("--compat-only");
  options.no_compat = args.flag("--no-compat");
  if (options.compat_only && options.no_compat) throw UsageError("exportcheck run: --compat-only and --no-compat exclude each other");
  options.update_golden = args.flag("--update-golden");
  options.strict_golden = args.flag("--strict-golden");
  options.exit_zero = args.flag("--exit-zero");
  options.quiet = args.flag("--quiet");
  const std::string progress = args.value("--progress").value_or("auto");
  if (progress != "auto" && progress != "always" && progress != "never")
    throw UsageError("exportcheck run: --progress " + progress + ": use auto, always or never");
  options.live_progress = progress == "always" || (progress == "auto" && isatty(STDOUT_FILENO));
  if (winsize ws{}; options.live_progress && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) options.terminal_columns = ws.ws_col;
  args.finish();
  if (options.failed_cases && options.failed_cases->empty()) {
    std::cout << "exportcheck: no case failed in " << options.failed_from << ": nothing to rerun" << std::endl;
    return 0;
  }

  catalog::Catalog cat;
  try {
    cat = run::load_run_catalog(options);
  } catch (const run::SuiteError& e) {
    throw UsageError(std::string("exportcheck run: --suite: ") + e.what());
  }
  // From here on SIGINT/SIGTERM stop the run instead of the process
  // (worker/interrupt.h); the handlers are back to the default afterwards.
  worker::Interrupt interrupt;
  options.interrupt = &interrupt;
  worker::InterruptHandlers handlers(interrupt);
  try {
    auto outcome = run::run_catalog(cat, options, std::cout);
    // --exit-zero is for results; an interrupted run did not produce them all.
    return options.exit_zero && !outcome.interrupted_by ? 0 : outcome.exit_code;
  } catch (const run::UsageError& e) {
    throw UsageError(std::string("exportcheck run: ") + e.what());
  }
}

}  // namespace exportcheck::cli

#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/run/compat_sources.h"
#include "harness/worker/interrupt.h"

namespace exportcheck::run {

// `--shard K/N`: this run covers slice K (1-based) of N.
struct Shard {
  int index = 1;
  int count = 1;
};

// Everything `exportcheck run` can be told.
struct RunOptions {
  std::filesystem::path root;            // project root (has cases/, golden/, exporter/)
  std::optional<std::filesystem::path> out;  // run folder; default reports/<run-id>
  std::vector<std::string> case_names;   // --case (repeatable)
  std::optional<std::string> filter;     // --filter REGEX on case names
  std::vector<std::string> tags;         // --tag (repeatable, any of)
  std::optional<Shard> shard;            // --shard K/N, applied after the filters above
  std::vector<std::string> runtimes;     // --runtime (repeatable); empty = module, nativert, cpp
  // --aoti-cache DIR: the aoti runtime's compile cache (exporter/aoti_compile.py);
  // empty = <root>/.cache/aoti.
  std::filesystem::path aoti_cache;
  std::vector<std::string> devices;      // --device (repeatable); empty = each case's devices
  // Compat stages (run/compat_sources.h): --compat-from RUN (repeatable) adds
  // another release's run; the frozen golden/archives/<release>/ always count
  // unless --no-compat; --compat-only runs compat stages alone (only the
  // --compat-from sources when there are some).
  std::vector<CompatSource> compat_from;
  bool compat_only = false;
  bool no_compat = false;
  // --mode / --ir (repeatable): only these export modes (nonstrict, strict) and
  // IR levels of each case; a case with none of them is not selected.
  std::vector<std::string> modes;
  std::vector<std::string> irs;
  std::optional<std::string> suite;      // --suite NAME: an external suite (exportdb-upstream) instead of cases/
  // --failed-from RUN: the cases with unexpected results in RUN (run_folder.h:
  // failed_cases); only these run, and the options above narrow them further.
  std::optional<std::vector<std::string>> failed_cases;
  std::string failed_from;               // RUN as given, for messages
  int jobs = 0;                          // 0 = number of cores
  // --worker-threads N: each worker's torch threads; nullopt: the user's
  // OMP_NUM_THREADS, else cores / jobs (run/worker_threads.h).
  std::optional<int> worker_threads;
  // --memory-budget-mb N: each worker's resident memory while it serves a
  // case, for cases whose file or suite sets none (run/memory_budget.h);
  // 0: no budget; nullopt: kDefaultMemoryBudgetMb.
  std::optional<std::int64_t> memory_budget_mb;
  // --keep-archives all|failing: which finished cases keep their archives
  // and bundles (run/archive_retention.h); nullopt: the suite's
  // `keep_archives:`, else all.
  std::optional<catalog::KeepArchives> keep_archives;
  bool update_golden = false;
  bool strict_golden = false;            // golden drift across torch releases fails
  bool exit_zero = false;                // for the CTest fixture: results decide, not the exit code
  bool quiet = false;
  // --progress: one updating line (report/progress_line.h) instead of a line
  // per expected case, for a terminal; the CLI sets it for `--progress auto`
  // when stdout is one. Unexpected cases still get their line.
  bool live_progress = false;
  int terminal_columns = 0;              // for the live line; 0 = unknown, not cut
  std::string python;                    // interpreter for the workers
  // The LibTorch release this binary was built against (cli/: torch/version.h);
  // a worker with another torch stops the run before any case (torch_release.h).
  // Empty: not checked (tests driving run_catalog with stand-in workers).
  std::string libtorch_version;
  std::filesystem::path exportcheck_binary;  // runs the cpp worker; empty = this executable
  std::filesystem::path source_root;     // where exporter/ lives (usually == root)
  std::string command_line;              // recorded in summary.json
  // Raised by SIGINT/SIGTERM (cli/run_command.cpp) or a test; null: the run
  // cannot be interrupted. Slots then stop, their workers are killed, and the
  // cases not finished are recorded as not run ("interrupted").
  const worker::Interrupt* interrupt = nullptr;
};

}  // namespace exportcheck::run

#pragma once
// Runs every stage of one case with one slot's workers and returns its
// records. Never throws for a case's own problems: they become verdicts.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/catalog/known_gaps.h"
#include "harness/report/stage_result.h"
#include "harness/run/compat_sources.h"
#include "harness/run/golden_stage.h"
#include "harness/run/worker_slot.h"

namespace exportcheck::run {

// Which runtimes and devices the replay and guards stages cover.
struct ReplayOptions {
  std::vector<std::string> runtimes;  // empty: all_runtimes()
  std::vector<std::string> devices;   // empty: each case's own devices
  std::filesystem::path exportcheck_binary;  // named in repro commands; empty: this process
  std::filesystem::path aoti_cache;  // the aoti runtime's compile cache (exporter/aoti_compile.py)
  // Archives other releases saved, for the compat stages (run/compat_sources.h);
  // `compat_only`: those stages alone, no export (a gate's forward direction).
  std::vector<CompatSource> compat;
  bool compat_only = false;
};

class CaseRunner {
 public:
  // `gaps` (the catalog's known upstream gaps) may be null: none apply.
  // `memory_budget_mb`: the run's --memory-budget-mb (run/memory_budget.h).
  CaseRunner(WorkerSlot& slot, GoldenOptions golden, std::filesystem::path cases_dir, ReplayOptions replay = {},
             const catalog::KnownGaps* gaps = nullptr, std::optional<std::int64_t> memory_budget_mb = std::nullopt)
      : slot_(slot), golden_(std::move(golden)), cases_dir_(std::move(cases_dir)), replay_(std::move(replay)),
        exportcheck_binary_(replay_.exportcheck_binary), aoti_cache_(replay_.aoti_cache), gaps_(gaps), memory_budget_mb_(memory_budget_mb) {}
  std::vector<report::StageResult> run(const catalog::Case& c);

 private:
  WorkerSlot& slot_;
  GoldenOptions golden_;
  std::filesystem::path cases_dir_;
  ReplayOptions replay_;
  std::filesystem::path exportcheck_binary_;
  std::filesystem::path aoti_cache_;
  const catalog::KnownGaps* gaps_;
  std::optional<std::int64_t> memory_budget_mb_;
};

}  // namespace exportcheck::run

#pragma once
// Runs every stage of one case with one slot's workers and returns its
// records. Never throws for a case's own problems: they become verdicts.
#include <filesystem>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/report/stage_result.h"
#include "harness/run/golden_stage.h"
#include "harness/run/worker_slot.h"

namespace exportcheck::run {

class CaseRunner {
 public:
  CaseRunner(WorkerSlot& slot, GoldenOptions golden, std::filesystem::path cases_dir)
      : slot_(slot), golden_(std::move(golden)), cases_dir_(std::move(cases_dir)) {}
  std::vector<report::StageResult> run(const catalog::Case& c);

 private:
  WorkerSlot& slot_;
  GoldenOptions golden_;
  std::filesystem::path cases_dir_;
};

}  // namespace exportcheck::run

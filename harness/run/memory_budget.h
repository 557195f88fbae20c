#pragma once
// Which memory budget a case's workers run under (worker/memory_budget.h):
// the case's own `memory_mb:` (case file or normalized case), else its
// suite's (`memory_mb:` in cases/suites/<suite>.yaml), else the run's
// (`exportcheck run --memory-budget-mb N`; 0 turns the budget off), else
// kDefaultMemoryBudgetMb. The budget holds for each worker of the case's
// slot (export, load, cpp) separately.
#include <cstdint>
#include <optional>

#include "harness/catalog/case.h"
#include "harness/worker/memory_budget.h"

namespace exportcheck::run {

// 6 GiB per worker. Sized for the smallest machine the catalog runs on (24
// GiB, 2 cores, -j 2): two slots each with one worker at its budget and four
// idle ones (~0.3 GiB each after `import torch`) stay near 13 GiB, so one
// case can never make the machine swap or the kernel's OOM killer pick a
// worker (or the harness). A suite of larger models sets its own.
inline constexpr std::int64_t kDefaultMemoryBudgetMb = 6144;

// `run_budget_mb`: the run's --memory-budget-mb, nullopt when not given.
worker::MemoryBudget case_memory_budget(const catalog::Case& c, std::optional<std::int64_t> run_budget_mb);

}  // namespace exportcheck::run

#include "harness/run/memory_budget.h"

#include <string>

#include "harness/catalog/suite_expectations.h"

namespace exportcheck::run {

worker::MemoryBudget case_memory_budget(const catalog::Case& c, std::optional<std::int64_t> run_budget_mb) {
  if (c.memory_mb) return worker::MemoryBudget::mib(*c.memory_mb, "case memory_mb " + std::to_string(*c.memory_mb));
  if (c.suite_memory_mb) {
    // A suite's cases are named "<suite>/<example>".
    const std::string suite = c.suite.empty() ? c.name.substr(0, c.name.find('/')) : c.suite;
    return worker::MemoryBudget::mib(*c.suite_memory_mb, catalog::suite_expectations_file(suite) + " memory_mb " +
                                                             std::to_string(*c.suite_memory_mb));
  }
  if (run_budget_mb) {
    if (*run_budget_mb == 0) return {};  // --memory-budget-mb 0: no budget
    return worker::MemoryBudget::mib(*run_budget_mb, "--memory-budget-mb " + std::to_string(*run_budget_mb));
  }
  return worker::MemoryBudget::mib(kDefaultMemoryBudgetMb,
                                   "default budget " + std::to_string(kDefaultMemoryBudgetMb) + " MiB");
}

}  // namespace exportcheck::run

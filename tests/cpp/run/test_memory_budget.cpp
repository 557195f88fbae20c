// Which budget a case's workers get: case > suite > --memory-budget-mb > default.
#include <gtest/gtest.h>

#include "harness/run/memory_budget.h"

using namespace exportcheck;

namespace {

catalog::Case a_case(std::optional<std::int64_t> own, std::optional<std::int64_t> suite) {
  catalog::Case c;
  c.name = "opinfo/add/float32";
  c.suite = "opinfo";
  c.memory_mb = own;
  c.suite_memory_mb = suite;
  return c;
}

}  // namespace

TEST(CaseMemoryBudget, TheCaseRanksFirstThenItsSuiteThenTheRunThenTheDefault) {
  auto b = run::case_memory_budget(a_case(300, 8192), 4096);
  EXPECT_EQ(b.bytes, 300ull << 20);
  EXPECT_EQ(b.source, "case memory_mb 300");

  b = run::case_memory_budget(a_case(std::nullopt, 8192), 4096);
  EXPECT_EQ(b.bytes, 8192ull << 20);
  EXPECT_EQ(b.source, "cases/suites/opinfo.yaml memory_mb 8192");

  b = run::case_memory_budget(a_case(std::nullopt, std::nullopt), 4096);
  EXPECT_EQ(b.bytes, 4096ull << 20);
  EXPECT_EQ(b.source, "--memory-budget-mb 4096");

  b = run::case_memory_budget(a_case(std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(b.bytes, std::uint64_t(run::kDefaultMemoryBudgetMb) << 20);
  EXPECT_EQ(b.source, "default budget 6144 MiB");
}

TEST(CaseMemoryBudget, ZeroOnTheCommandLineMeansNoBudgetUnlessTheCaseOrSuiteSetsOne) {
  EXPECT_FALSE(run::case_memory_budget(a_case(std::nullopt, std::nullopt), 0).limited());
  EXPECT_TRUE(run::case_memory_budget(a_case(std::nullopt, 512), 0).limited());
  EXPECT_TRUE(run::case_memory_budget(a_case(512, std::nullopt), 0).limited());
}

TEST(CaseMemoryBudget, TheMessageNamesTheBudgetsSource) {
  const auto budget = run::case_memory_budget(a_case(2048, std::nullopt), std::nullopt);
  EXPECT_EQ(worker::memory_budget_message(std::uint64_t(2.31 * (1ull << 30)), budget),
            "memory budget exceeded: peak 2.31 GiB > budget 2.00 GiB (case memory_mb 2048)");
}

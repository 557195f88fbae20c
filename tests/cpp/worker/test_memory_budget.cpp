#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <unistd.h>

#include "harness/worker/memory_budget.h"

using namespace exportcheck::worker;

TEST(MemoryBudget, MessageNamesPeakBudgetAndWhereTheBudgetComesFrom) {
  const MemoryBudget budget = MemoryBudget::mib(2048, "case memory_mb 2048");
  EXPECT_EQ(budget.bytes, 2048ull << 20);
  EXPECT_EQ(memory_budget_message(std::uint64_t(2.31 * (1ull << 30)), budget),
            "memory budget exceeded: peak 2.31 GiB > budget 2.00 GiB (case memory_mb 2048)");
  EXPECT_EQ(memory_budget_message(1ull << 30, MemoryBudget::mib(300, "x")),
            "memory budget exceeded: peak 1.00 GiB > budget 300 MiB (x)");
  EXPECT_FALSE(MemoryBudget{}.limited());
}

TEST(MemoryBudget, BytesAreShownInMiBBelowAGiB) {
  EXPECT_EQ(format_bytes(0), "0 MiB");
  EXPECT_EQ(format_bytes(300ull << 20), "300 MiB");
  EXPECT_EQ(format_bytes(1023ull << 20), "1023 MiB");
  EXPECT_EQ(format_bytes(1ull << 30), "1.00 GiB");
  EXPECT_EQ(format_bytes(6144ull << 20), "6.00 GiB");
}

TEST(MemoryBudget, ProcStatusGivesResidentAndPeak) {
  const char* status = "Name:\tpython\nVmPeak:\t 9000000 kB\nVmHWM:\t  320616 kB\nVmRSS:\t   13520 kB\nThreads:\t1\n";
  auto m = parse_proc_status(status);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->resident, 13520ull * 1024);
  EXPECT_EQ(m->peak, 320616ull * 1024);
  EXPECT_FALSE(parse_proc_status("Name:\tzombie\nState:\tZ (zombie)\n")) << "no VmRSS: no reading";
  // No VmHWM: the peak is at least what is resident.
  EXPECT_EQ(parse_proc_status("VmRSS:\t 8 kB\n")->peak, 8192u);
}

TEST(MemoryBudget, ThisProcessIsMeasuredAndItsPeakCanBeReset) {
  auto before = tree_resident_bytes(getpid());
  ASSERT_TRUE(before);
  EXPECT_GT(*before, 1u << 20);
  {
    constexpr size_t kSize = 64 << 20;
    std::unique_ptr<char[]> block(new char[kSize]);
    std::memset(block.get(), 1, kSize);
    auto during = process_memory(getpid());
    ASSERT_TRUE(during);
    EXPECT_GE(during->peak, kSize);
    asm volatile("" : : "r"(block.get()) : "memory");
  }
  if (reset_peak(getpid())) {
    auto after = process_memory(getpid());
    ASSERT_TRUE(after);
    EXPECT_LT(after->peak, after->resident + (16u << 20)) << "VmHWM restarts from VmRSS";
  }
  EXPECT_FALSE(process_memory(-1));
}

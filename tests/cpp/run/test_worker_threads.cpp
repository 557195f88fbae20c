// Each worker's torch threads (run/worker_threads.h): cores / slots by
// default, the user's OMP_NUM_THREADS kept, --worker-threads above both.
#include <gtest/gtest.h>

#include "harness/run/worker_threads.h"

using exportcheck::run::usable_cores;
using exportcheck::run::worker_threads;

TEST(WorkerThreads, SlotsShareTheCores) {
  const auto two_slots = worker_threads(2, 2, std::nullopt, nullptr);
  EXPECT_EQ(two_slots.count, 1);
  EXPECT_EQ(two_slots.source, "cores / jobs");
  EXPECT_TRUE(two_slots.set_by_harness);
  EXPECT_EQ(worker_threads(16, 4, std::nullopt, nullptr).count, 4);
  EXPECT_EQ(worker_threads(16, 3, std::nullopt, nullptr).count, 5) << "rounded down";
  EXPECT_EQ(worker_threads(2, 1, std::nullopt, nullptr).count, 2) << "one slot: every core";
  EXPECT_EQ(worker_threads(2, 8, std::nullopt, nullptr).count, 1) << "more slots than cores: still one thread";
}

TEST(WorkerThreads, TheUsersOmpNumThreadsIsKeptAndRecorded) {
  const auto kept = worker_threads(2, 2, std::nullopt, "3");
  EXPECT_EQ(kept.count, 3);
  EXPECT_EQ(kept.source, "OMP_NUM_THREADS");
  EXPECT_FALSE(kept.set_by_harness) << "the workers inherit it as it is";
  EXPECT_EQ(worker_threads(2, 2, std::nullopt, "4,2").count, 4) << "OpenMP's nested list: the outer level";
  EXPECT_EQ(worker_threads(2, 2, std::nullopt, "lots").count, 0) << "not a number: not known, still inherited";
  EXPECT_EQ(worker_threads(2, 2, std::nullopt, "").source, "cores / jobs") << "set but empty is unset";
}

TEST(WorkerThreads, TheOptionWins) {
  const auto chosen = worker_threads(2, 2, 2, "3");
  EXPECT_EQ(chosen.count, 2);
  EXPECT_EQ(chosen.source, "--worker-threads");
  EXPECT_TRUE(chosen.set_by_harness);
}

TEST(WorkerThreads, UsableCoresIsAtLeastOne) { EXPECT_GE(usable_cores(), 1); }

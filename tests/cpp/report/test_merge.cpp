#include <gtest/gtest.h>

#include "harness/report/merge.h"

using namespace exportcheck::report;

namespace {

StageResult result(const std::string& c, const std::string& stage, Verdict v, const std::string& msg = "") {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = "nonstrict/training";
  r.verdict = v;
  r.message = msg;
  return r;
}

}  // namespace

TEST(Merge, JoinsShardsInCaseOrderWithTheirRunContext) {
  Summary a, b;
  a.run = {"s1", "2026-11-26T10:00:05Z", 30, "2.13.0+cpu", "3.11", "host-a", "run", 2, {"cpu"}, "abc", "/src", "1/2"};
  b.run = {"s2", "2026-11-26T10:00:01Z", 40, "2.13.0+cu126", "3.11", "host-b", "run", 4, {"cpu", "cuda"}, "abc", "/src", "2/2"};
  a.results = {result("zeta", "export", Verdict::Pass), result("zeta", "golden", Verdict::Pass)};
  b.results = {result("alpha", "export", Verdict::Fail, "boom"), result("alpha", "golden", Verdict::Skip)};
  a.cases["zeta"] = {{"seed"}, "cases/zeta.yaml", "z"};
  b.cases["alpha"] = {{"nn.conv"}, "cases/alpha.yaml", "a"};
  auto m = merge_summaries({a, b}, "nightly");
  ASSERT_EQ(m.results.size(), 4u);
  EXPECT_EQ(m.results[0].id(), "alpha::export[nonstrict/training]");
  EXPECT_EQ(m.results[1].stage, "golden") << "stage order within a case is kept";
  EXPECT_EQ(m.results[2].case_name, "zeta");
  EXPECT_EQ(m.run.id, "nightly");
  EXPECT_EQ(m.run.started_at, "2026-11-26T10:00:01Z") << "the earliest start";
  EXPECT_EQ(m.run.seconds, 40) << "shards run side by side: the longest";
  EXPECT_EQ(m.run.jobs, 6);
  EXPECT_EQ(m.run.torch, "2.13.0+cpu, 2.13.0+cu126");
  EXPECT_EQ(m.run.commit, "abc");
  EXPECT_EQ(m.run.devices, (std::vector<std::string>{"cpu", "cuda"}));
  EXPECT_EQ(m.run.shard, "");
  EXPECT_EQ(m.cases.size(), 2u);
  EXPECT_EQ(m.cases["alpha"].file, "cases/alpha.yaml");
}

TEST(Merge, ARecordInTwoRunsKeepsTheOneThatSaysMost) {
  // A CPU shard and a GPU job both ran case c: the GPU job's cuda replay
  // replaces the CPU shard's UNSUPPORTED, and a failure in either shows.
  Summary cpu, gpu;
  cpu.results = {result("c", "export", Verdict::Pass), result("c", "replay:module:cuda", Verdict::Unsupported, "no GPU"),
                 result("c", "golden", Verdict::Pass)};
  gpu.results = {result("c", "export", Verdict::Pass), result("c", "replay:module:cuda", Verdict::Pass),
                 result("c", "golden", Verdict::Fail, "differs")};
  for (const auto& order : {std::vector<Summary>{cpu, gpu}, std::vector<Summary>{gpu, cpu}}) {
    auto m = merge_summaries(order, "m");
    ASSERT_EQ(m.results.size(), 3u);
    std::map<std::string, Verdict> by_stage;
    for (const auto& r : m.results) by_stage[r.stage] = r.verdict;
    EXPECT_EQ(by_stage["replay:module:cuda"], Verdict::Pass);
    EXPECT_EQ(by_stage["golden"], Verdict::Fail);
    EXPECT_EQ(by_stage["export"], Verdict::Pass);
  }
}

// Upstream gaps of a merged run still tell known gaps: the shards' known-gap reasons, once each.
TEST(Merge, KeepsTheShardsKnownGaps) {
  Summary a, b;
  a.known_gaps = {"known upstream gap: x"};
  b.known_gaps = {"known upstream gap: x", "upstream bug: y"};
  EXPECT_EQ(merge_summaries({a, b}, "m").known_gaps, (std::vector<std::string>{"known upstream gap: x", "upstream bug: y"}));
}

TEST(Merge, WorkerThreadsAreKeptWhenTheShardsAgree) {
  Summary a, b;
  a.run.worker_threads = b.run.worker_threads = 1;
  a.run.worker_threads_source = b.run.worker_threads_source = "cores / jobs";
  auto m = merge_summaries({a, b}, "m");
  EXPECT_EQ(m.run.worker_threads, 1);
  EXPECT_EQ(m.run.worker_threads_source, "cores / jobs");
  b.run.worker_threads = 8;  // a GPU machine's shard: no one count for the merged run
  b.run.worker_threads_source = "OMP_NUM_THREADS";
  m = merge_summaries({a, b}, "m");
  EXPECT_EQ(m.run.worker_threads, 0);
  EXPECT_EQ(m.run.worker_threads_source, "cores / jobs, OMP_NUM_THREADS");
}

// Report costs for a large run: 500 cases x 10 stages (5000 records, with
// golden diffs and messages). The whole report of a run (summary.json,
// junit.xml, index.html) must take well under 2 s; merge and comparison are
// what `exportcheck report` adds on top.
#include <benchmark/benchmark.h>

#include "harness/report/comparison.h"
#include "harness/report/dashboard.h"
#include "harness/report/junit_xml.h"
#include "harness/report/merge.h"

using namespace exportcheck::report;

namespace {

Summary large_run(int cases = 500, int stages = 10, int shard = 0, int shards = 1) {
  const char* names[] = {"export", "golden", "archive", "roundtrip", "guards"};
  Summary s;
  s.run.id = "bench";
  s.run.torch = "2.13.0+cpu";
  for (int c = shard; c < cases; c += shards) {
    std::string name = "case_" + std::to_string(c);
    s.cases[name] = {{"seed", c % 3 ? "nn.conv" : "control-flow"}, "cases/" + name + ".yaml", "Case number " + name};
    for (int k = 0; k < stages; ++k) {
      StageResult r;
      r.case_name = name;
      r.stage = k < 5 ? names[k] : "replay:module:dev" + std::to_string(k);
      r.variant = k % 2 ? "strict/core_aten" : "nonstrict/training";
      r.verdict = (c + k) % 17 == 0 ? Verdict::Fail : (c + k) % 5 == 0 ? Verdict::XFail : Verdict::Pass;
      r.seconds = 0.01 * ((c * 7 + k) % 100);
      if (r.verdict != Verdict::Pass) r.message = "outputs differ at out[0]: max abs 1e-3 </script> " + name;
      if (k == 1 && r.verdict == Verdict::Fail) {
        std::string diff = "--- golden/" + name + "/training.ir\n+++ now\n";
        for (int line = 0; line < 40; ++line) diff += (line % 2 ? "+" : "-") + std::string("  %add = aten.add(%x, %y)\n");
        r.details = {{"diff", diff}};
      }
      s.results.push_back(std::move(r));
    }
  }
  return s;
}

const Summary kRun = large_run();

void BM_DashboardHtml(benchmark::State& state) {
  size_t bytes = 0;
  for (auto _ : state) {
    auto html = dashboard_html(kRun);
    bytes = html.size();
    benchmark::DoNotOptimize(html);
  }
  state.counters["html_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_DashboardHtml)->Unit(benchmark::kMillisecond);

// Everything run_session writes at the end of a run, as strings.
void BM_AllRunReports(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(summary_to_json(kRun).dump(1));
    benchmark::DoNotOptimize(junit_xml(kRun));
    benchmark::DoNotOptimize(dashboard_html(kRun));
  }
}
BENCHMARK(BM_AllRunReports)->Unit(benchmark::kMillisecond);

void BM_ReadSummary(benchmark::State& state) {
  const std::string text = summary_to_json(kRun).dump(1);
  for (auto _ : state) benchmark::DoNotOptimize(summary_from_json(nlohmann::json::parse(text)));
}
BENCHMARK(BM_ReadSummary)->Unit(benchmark::kMillisecond);

void BM_MergeFourShards(benchmark::State& state) {
  std::vector<Summary> shards;
  for (int k = 0; k < 4; ++k) shards.push_back(large_run(500, 10, k, 4));
  for (auto _ : state) benchmark::DoNotOptimize(merge_summaries(shards, "merged"));
}
BENCHMARK(BM_MergeFourShards)->Unit(benchmark::kMillisecond);

void BM_CompareAndDashboard(benchmark::State& state) {
  Summary old = large_run();
  for (size_t i = 0; i < old.results.size(); i += 50) old.results[i].verdict = Verdict::XFail;
  for (auto _ : state) {
    auto c = compare_runs(old, kRun);
    benchmark::DoNotOptimize(dashboard_html(kRun, &c));
  }
}
BENCHMARK(BM_CompareAndDashboard)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

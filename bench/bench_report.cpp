// Report costs for a large run: 500 cases x 10 stages (5000 records, with
// golden diffs and messages). The whole report of a run (summary.json,
// junit.xml, index.html) must take well under 2 s; merge and comparison are
// what `exportcheck report` adds on top.
// The OpInfo suite's scale: 2000 cases `opinfo/<op>/<lane>` x 22 records
// (44,000, the size of `run --suite opinfo`): each report alone, and
// `report --baseline` at 500..4000 cases to show it grows as N log N, not N^2.
#include <benchmark/benchmark.h>

#include <sstream>

#include "harness/report/comparison.h"
#include "harness/report/console.h"
#include "harness/report/dashboard.h"
#include "harness/report/junit_xml.h"
#include "harness/report/merge.h"
#include "harness/report/not_run_cause.h"

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

// dashboard_html of `run`, with the page's size and the run's records as counters
// (scripts/bench divides by `records`).
void bench_dashboard(benchmark::State& state, const Summary& run) {
  size_t bytes = 0;
  for (auto _ : state) {
    auto html = dashboard_html(run);
    bytes = html.size();
    benchmark::DoNotOptimize(html);
  }
  state.counters["html_MB"] = static_cast<double>(bytes) / 1e6;
  state.counters["records"] = static_cast<double>(run.results.size());
}

void BM_DashboardHtml(benchmark::State& state) { bench_dashboard(state, kRun); }
BENCHMARK(BM_DashboardHtml)->Unit(benchmark::kMillisecond);

// Everything run_session writes at the end of a run, as strings.
void BM_AllRunReports(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(summary_to_json(kRun).dump(1));
    benchmark::DoNotOptimize(junit_xml(kRun));
    benchmark::DoNotOptimize(dashboard_html(kRun));
  }
  state.counters["records"] = static_cast<double>(kRun.results.size());
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

// 2000 cases x 22 records as `run --suite opinfo` writes them on a CPU machine:
// 11 stages x 2 variants, the cuda and nativert ones UNSUPPORTED, replays with
// details.samples, some XFAIL (a few reasons), FAIL and a cpp gap.
Summary opinfo_run(int cases) {
  const char* lanes[] = {"float32", "float32-dynamic", "int64"};
  const char* stages[] = {"export", "archive", "roundtrip:reload", "golden", "replay:module:cpu", "replay:cpp:cpu",
                          "guards:module:cpu", "guards:cpp:cpu", "replay:module:cuda", "replay:cpp:cuda",
                          "replay:nativert:cpu"};
  Summary s;
  s.run.id = "opinfo";
  s.run.torch = "2.13.0+cpu";
  s.run.devices = {"cpu"};
  for (int c = 0; c < cases; ++c) {
    const std::string name = "opinfo/" + std::string(c % 7 ? "op" : "nn.functional.op") + std::to_string(c / 3) + "/" +
                             lanes[c % 3];
    s.cases[name] = {{"opinfo"}, "", "OpInfo " + name};
    for (const char* variant : {"nonstrict/training", "strict/core_aten"}) {
      for (int k = 0; k < 11; ++k) {
        StageResult r;
        r.case_name = name;
        r.stage = stages[k];
        r.variant = variant;
        r.seconds = 0.01 * ((c * 7 + k) % 100);
        if (k >= 8) {
          r.verdict = Verdict::Unsupported;
          r.reason = r.message = k == 10 ? "torch 2.13.0+cpu: NativeRT PyModelRunner unavailable: No constructor defined!"
                                         : "CUDA not available";
        } else if ((c + k) % 23 == 0) {
          r.verdict = Verdict::Fail;
          r.message = "outputs differ at out[0]: max abs 1e-3 </script> " + name;
        } else if ((c + k) % 11 == 0) {
          r.verdict = Verdict::XFail;
          r.reason = "torch 2.13: op " + std::to_string(c % 13) + " does not export";
          r.message = r.reason + " \u2014 raised";
        } else {
          r.verdict = Verdict::Pass;
        }
        if (r.stage.starts_with("replay:") && !did_not_run(r.verdict)) r.details = {{"samples", c % 3 == 1 ? 13 : 1}};
        s.results.push_back(std::move(r));
      }
    }
  }
  return s;
}

const Summary kOpinfo = opinfo_run(2000);

void BM_OpinfoSummaryJson(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(summary_to_json(kOpinfo).dump(1));
  state.counters["results"] = static_cast<double>(kOpinfo.results.size());
}
BENCHMARK(BM_OpinfoSummaryJson)->Unit(benchmark::kMillisecond);

void BM_OpinfoJunit(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(junit_xml(kOpinfo));
}
BENCHMARK(BM_OpinfoJunit)->Unit(benchmark::kMillisecond);

void BM_OpinfoDashboard(benchmark::State& state) { bench_dashboard(state, kOpinfo); }
BENCHMARK(BM_OpinfoDashboard)->Unit(benchmark::kMillisecond);

void BM_OpinfoConsole(benchmark::State& state) {
  for (auto _ : state) {
    std::ostringstream out;
    print_summary(out, kOpinfo);
    benchmark::DoNotOptimize(out.str());
  }
}
BENCHMARK(BM_OpinfoConsole)->Unit(benchmark::kMillisecond);

// What `report --baseline OLD --current NEW` does after reading both: compare,
// then the current run's index.html with the comparison and comparison.json.
void BM_OpinfoBaseline(benchmark::State& state) {
  const Summary now = opinfo_run(static_cast<int>(state.range(0)));
  Summary old = now;
  for (size_t i = 0; i < old.results.size(); i += 37) old.results[i].verdict = Verdict::XFail;
  for (auto _ : state) {
    auto c = compare_runs(old, now);
    benchmark::DoNotOptimize(to_json(c).dump(1));
    benchmark::DoNotOptimize(dashboard_html(now, &c));
  }
  state.SetComplexityN(static_cast<int64_t>(now.results.size()));
  state.counters["records"] = static_cast<double>(now.results.size());
}
BENCHMARK(BM_OpinfoBaseline)->Arg(500)->Arg(1000)->Arg(2000)->Arg(4000)->Unit(benchmark::kMillisecond)->Complexity();

}  // namespace

BENCHMARK_MAIN();

// The cpp runtime (our executor, harness/runtime/) per archive: load time
// (ProgramRunner::load) and per-call latency on the archive's own example
// inputs (data/sample_inputs, flattened), with latency / node_count as a
// counter; and the floor: the same top-level ATen calls (recorded from one
// run with a RecordFunction observer) replayed straight through the
// dispatcher, which no runtime can beat. call − floor is what the executor
// itself costs. With ARCHIVE=PACKAGE, also the AOTInductor package compiled
// from that archive (exporter/aoti_compile.py), loaded with
// AOTIModelPackageLoader behind the same runner interface: aoti/<archive>.
// scripts/bench-executor runs this and Python's module() (and NativeRT where
// it constructs) on the same archives.
//
//   bench_executor [ARCHIVE.pt2[=PACKAGE.pt2] ...] [--benchmark_* options]
// Without archives: golden/archives/2.13.0/seed_*/nonstrict/{training,core_aten}.pt2
// (run from the project root).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/record_function.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include "harness/archive/zip_archive.h"
#include "harness/replay/aoti_runner.h"
#include "harness/runtime/program_runner.h"

namespace {

using exportcheck::runtime::ProgramRunner;

// pytree leaves of (args, kwargs): lists/tuples in order, dicts by insertion
// order (the exporter writes kwargs in in_spec order).
void flatten(const c10::IValue& v, std::vector<c10::IValue>& out) {
  if (v.isTuple()) {
    for (const auto& x : v.toTupleRef().elements()) flatten(x, out);
  } else if (v.isList()) {
    for (const auto& x : v.toListRef()) flatten(x, out);
  } else if (v.isGenericDict()) {
    for (const auto& kv : v.toGenericDict()) flatten(kv.value(), out);
  } else {
    out.push_back(v);
  }
}

std::vector<c10::IValue> sample_inputs(const std::string& path) {
  auto zip = exportcheck::ZipArchive::open(path);
  for (const auto& e : zip.entries()) {
    if (e.name.find("data/sample_inputs/model.pt") == std::string::npos) continue;
    std::string bytes = zip.read(e.name);
    auto value = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    std::vector<c10::IValue> flat;
    flatten(value, flat);
    return flat;
  }
  throw std::runtime_error(path + ": no data/sample_inputs/model.pt");
}

std::vector<c10::IValue> fresh(const std::vector<c10::IValue>& inputs) {
  std::vector<c10::IValue> out;
  for (const auto& v : inputs) out.push_back(v.isTensor() ? c10::IValue(v.toTensor().clone()) : v);
  return out;
}

void load(benchmark::State& state, const std::string& path) {
  std::size_t nodes = 0;
  try {
    for (auto _ : state) {
      auto runner = ProgramRunner::load(path, c10::kCPU);
      nodes = runner->node_count();
      benchmark::DoNotOptimize(runner);
    }
  } catch (const std::exception& e) {
    std::string what = e.what();
    state.SkipWithError(what.substr(0, what.find('\n')).c_str());
    return;
  }
  state.counters["nodes"] = static_cast<double>(nodes);
}

// One dispatcher call the program made at top level, with its inputs.
struct RecordedCall {
  c10::OperatorHandle op;
  std::vector<c10::IValue> stack;
};

// RecordFunction callbacks are plain function pointers: the recording state
// is global (the bench is single-threaded, one recording at a time).
int g_depth = 0;
std::vector<RecordedCall>* g_calls = nullptr;

std::unique_ptr<at::ObserverContext> on_enter(const at::RecordFunction& fn) {
  if (g_depth++ != 0 || g_calls == nullptr) return nullptr;  // nested: a kernel's own calls
  if (auto name = fn.operator_name())
    if (auto op = c10::Dispatcher::singleton().findOp(*name))
      g_calls->push_back({*op, std::vector<c10::IValue>(fn.inputs().begin(), fn.inputs().end())});
  return nullptr;
}

void on_exit(const at::RecordFunction&, at::ObserverContext*) { --g_depth; }

// Observes one run; the callback goes and the globals reset even if it throws.
class Recording {
 public:
  explicit Recording(std::vector<RecordedCall>& calls) {
    g_calls = &calls;
    g_depth = 0;
    handle_ = at::addThreadLocalCallback(
        at::RecordFunctionCallback(on_enter, on_exit).needsInputs(true).scopes({at::RecordScope::FUNCTION}));
  }
  ~Recording() {
    at::removeCallback(handle_);
    g_calls = nullptr;
    g_depth = 0;
  }
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

 private:
  at::CallbackHandle handle_;
};

std::vector<RecordedCall> record_calls(ProgramRunner& runner, const std::vector<c10::IValue>& inputs) {
  std::vector<RecordedCall> calls;
  std::vector<c10::IValue> args = fresh(inputs);  // its clones are not the program's
  {
    Recording recording(calls);
    runner.run(std::move(args));
  }
  return calls;
}

// The program's ATen calls alone, in order, on the recorded inputs (the same
// tensors every iteration: in-place ops such as running stats keep mutating
// them, which costs the same as on fresh ones).
void floor(benchmark::State& state, const std::string& path) {
  std::vector<RecordedCall> calls;
  try {
    auto runner = ProgramRunner::load(path, c10::kCPU);
    calls = record_calls(*runner, sample_inputs(path));
  } catch (const std::exception& e) {
    std::string what = e.what();
    state.SkipWithError(what.substr(0, what.find('\n')).c_str());
    return;
  }
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    for (const RecordedCall& c : calls) {
      std::vector<c10::IValue> stack = c.stack;
      c.op.callBoxed(stack);
      benchmark::DoNotOptimize(stack);
    }
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.counters["calls"] = static_cast<double>(calls.size());
  std::string ops;
  for (const RecordedCall& c : calls) ops += (ops.empty() ? "" : " ") + c.op.operator_name().name;
  state.SetLabel(ops.size() > 120 ? ops.substr(0, 117) + "..." : ops);
}

// Per-call latency of a runner on the archive's example inputs: our executor
// (call/), or with `package` the AOTInductor package (aoti/).
void call(benchmark::State& state, const std::string& path, const std::string& package = "") {
  std::unique_ptr<ProgramRunner> runner;
  std::vector<c10::IValue> inputs;
  try {
    runner = package.empty() ? ProgramRunner::load(path, c10::kCPU)
                             : exportcheck::replay::load_aoti_runner(package, c10::kCPU);
    inputs = sample_inputs(path);
    runner->run(fresh(inputs));  // warm-up, and a failure is reported once
  } catch (const std::exception& e) {
    std::string what = e.what();
    state.SkipWithError(what.substr(0, what.find('\n')).c_str());
    return;
  }
  // Timed by hand around run() alone, as floor/ is around its calls alone:
  // PauseTiming/ResumeTiming cost about a microsecond per iteration, which
  // on a one-node program would count as the executor's.
  for (auto _ : state) {
    auto args = fresh(inputs);  // the program may mutate its inputs
    const auto start = std::chrono::steady_clock::now();
    auto out = runner->run(std::move(args));
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    benchmark::DoNotOptimize(out);
  }
  if (!package.empty()) return;  // compiled: no nodes to count
  const double nodes = static_cast<double>(std::max<std::size_t>(runner->node_count(), 1));
  state.counters["nodes"] = static_cast<double>(runner->node_count());
  // seconds per node per call, shown in the report's time unit by the script
  state.counters["per_node"] = benchmark::Counter(nodes, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

std::vector<std::string> default_archives() {
  std::vector<std::string> out;
  const std::filesystem::path dir = "golden/archives/2.13.0";
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& c : std::filesystem::directory_iterator(dir)) {
    if (c.path().filename().string().rfind("seed_", 0) != 0) continue;
    for (const char* ir : {"training", "core_aten"}) {
      if (auto p = c.path() / "nonstrict" / (std::string(ir) + ".pt2"); std::filesystem::exists(p)) out.push_back(p.string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);  // removes --benchmark_* options
  std::vector<std::string> archives(argv + 1, argv + argc);
  if (archives.empty()) archives = default_archives();
  for (std::string path : archives) {
    std::string package;
    if (auto eq = path.find('='); eq != std::string::npos) {
      package = path.substr(eq + 1);
      path = path.substr(0, eq);
      benchmark::RegisterBenchmark(("aoti/" + path).c_str(), [path, package](benchmark::State& s) { call(s, path, package); })
          ->Unit(benchmark::kMicrosecond)
          ->UseManualTime();
    }
    benchmark::RegisterBenchmark(("call/" + path).c_str(), [path](benchmark::State& s) { call(s, path); })
        ->Unit(benchmark::kMicrosecond)
        ->UseManualTime();
    benchmark::RegisterBenchmark(("floor/" + path).c_str(), [path](benchmark::State& s) { floor(s, path); })
        ->Unit(benchmark::kMicrosecond)
        ->UseManualTime();
    benchmark::RegisterBenchmark(("load/" + path).c_str(), [path](benchmark::State& s) { load(s, path); })
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

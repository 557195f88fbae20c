// Golden IR costs per case: printing an archive (zip read + JSON parse into
// torch's schema types + canonical text), sympy expression rendering, and the
// line diff shown when a golden differs.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "harness/archive/zip_archive.h"
#include "harness/golden/ir_printer.h"
#include "harness/golden/line_diff.h"
#include "harness/symbolic/canonical.h"

namespace {

// The reference archives live in <project>/../shared (as EXPORTCHECK_SHARED_DIR
// in the tests); EXPORTCHECK_SHARED_DIR in the environment overrides.
std::string archive_path() {
  const char* env = std::getenv("EXPORTCHECK_SHARED_DIR");
  const std::filesystem::path shared =
      env ? std::filesystem::path(env) : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared";
  return (shared / "reference" / "torch-2.11-archives" / "branch_dynamic.pt2").string();
}
const std::string kArchive = archive_path();

void BM_PrintArchive(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(exportcheck::print_archive(kArchive));
}
BENCHMARK(BM_PrintArchive);

void BM_RenderSymExpr(benchmark::State& state) {
  const std::string expr =
      "Add(Mul(Integer(4), Symbol('s77', positive=True, integer=True)), "
      "FloorDiv(Symbol('s24', positive=True, integer=True), Integer(2)), Integer(-1))";
  for (auto _ : state) {
    exportcheck::symbolic::SymbolRenamer renamer;
    benchmark::DoNotOptimize(exportcheck::symbolic::render(expr, renamer));
  }
}
BENCHMARK(BM_RenderSymExpr);

void BM_UnifiedDiff(benchmark::State& state) {
  std::string a, b;
  for (int i = 0; i < state.range(0); ++i) {
    const std::string line = "  %n" + std::to_string(i) + " = torch.ops.aten.add.Tensor(self=%x, other=%y)  # f32[s0, 3]\n";
    a += line;
    b += i % 50 == 0 ? "  changed\n" : line;
  }
  for (auto _ : state) benchmark::DoNotOptimize(exportcheck::unified_diff(a, b, "golden", "actual"));
}
BENCHMARK(BM_UnifiedDiff)->Arg(200)->Arg(5000);

}  // namespace

BENCHMARK_MAIN();

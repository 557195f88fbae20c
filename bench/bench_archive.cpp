// C++ archive costs per archive: open + validate (every check) + read every
// weight and constant into memory (`archive/`), for comparison with Python's
// torch.export.load of the same archive (scripts/bench-archive runs both and
// prints the ratios); `validate/` streams the payloads instead of keeping them.
//
//   bench_archive [ARCHIVE.pt2 ...] [--benchmark_* options]
// Without archives: the frozen seed archives golden/archives/2.13.0/*/nonstrict/training.pt2
// (run from the project root).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/archive/zip_archive.h"
#include "harness/validate/archive_validator.h"

namespace {

// One pass: validation reads every weight and constant once (length and CRC
// checked) and, with `keep`, hands the bytes over as the executor's tensor
// loader takes them; without, it streams them through a small buffer.
void open_validate_read(benchmark::State& state, const std::string& path, bool keep) {
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    const exportcheck::ZipArchive zip = exportcheck::ZipArchive::open(path);
    std::vector<std::string> payloads;
    exportcheck::validate::PayloadVisitor visit;
    if (keep) visit = [&](const std::string&, std::string&& b) { payloads.push_back(std::move(b)); };
    const auto v = exportcheck::validate::validate_archive(zip, visit);
    if (!v.ok()) state.SkipWithError("archive has findings");
    bytes = 0;
    for (const std::string& p : payloads) bytes += p.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["weight_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

std::vector<std::string> default_archives() {
  std::vector<std::string> out;
  const std::filesystem::path dir = "golden/archives/2.13.0";
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& c : std::filesystem::directory_iterator(dir))  // the seed: the slice's other cases came later
    if (auto p = c.path() / "nonstrict" / "training.pt2";
        c.path().filename().string().rfind("seed_", 0) == 0 && std::filesystem::exists(p))
      out.push_back(p.string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);  // removes --benchmark_* options
  std::vector<std::string> archives(argv + 1, argv + argc);
  if (archives.empty()) archives = default_archives();
  for (const std::string& path : archives) {
    benchmark::RegisterBenchmark(("archive/" + path).c_str(), [path](benchmark::State& s) { open_validate_read(s, path, true); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("validate/" + path).c_str(), [path](benchmark::State& s) { open_validate_read(s, path, false); })
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

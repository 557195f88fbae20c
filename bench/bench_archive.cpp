// C++ archive costs per archive, for comparison with Python's
// torch.export.load of the same archive (scripts/bench-archive runs both and
// prints the ratios):
//   archive/<path>    what the executor's loader does: map the archive,
//                     validate its structure (every check but the payload
//                     CRCs) and make every weight and constant a tensor over
//                     the mapped bytes (zero-copy)
//   copy/<path>       the loader before mapping: open, validate with every
//                     payload read into memory (CRC checked), tensors copied
//   validate/<path>   every check, payloads streamed (libzip, CRC checked)
//   crc/<path>        map + the CRC-32 of every entry over the mapped bytes
//   bandwidth/<path>  map + read every byte once (a sum): the memory
//                     bandwidth crc/ is measured against, same run
//
//   bench_archive [ARCHIVE.pt2 ...] [--benchmark_* options]
// Without archives: the frozen seed archives golden/archives/2.13.0/seed_*/nonstrict/training.pt2
// (run from the project root).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <c10/core/Device.h>

#include "harness/archive/mapped_file.h"
#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/program/stored_entries.h"
#include "harness/program/tensor_loader.h"
#include "harness/validate/archive_validator.h"

namespace {

using exportcheck::ZipArchive;
namespace program = exportcheck::program;
namespace validate = exportcheck::validate;

// Weights and constants of the archive's model as tensors.
std::size_t load_tensors(const ZipArchive& zip, const program::StoredEntries* stored) {
  const std::string data = exportcheck::pt2_top_folder(zip) + "/data/";
  const std::string model = exportcheck::pt2_model_entry(zip).name;
  const c10::Device cpu(c10::kCPU);
  const auto weights = program::load_payloads(zip, data + "weights/" + model + "_weights_config.json",
                                              data + "weights/", cpu, stored);
  const auto constants = program::load_payloads(zip, data + "constants/" + model + "_constants_config.json",
                                                data + "constants/", cpu, stored);
  return weights.tensors.size() + constants.tensors.size();
}

std::uint64_t payload_bytes(const ZipArchive& zip) {
  std::uint64_t bytes = 0;
  for (const auto& e : zip.entries())
    if (e.name.find("/data/weights/") != std::string::npos || e.name.find("/data/constants/") != std::string::npos)
      bytes += e.size;
  return bytes;
}

void mapped(benchmark::State& state, const std::string& path) {
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    const ZipArchive zip = ZipArchive::map(path);
    if (!validate::validate_archive(zip, {}, validate::PayloadCheck::Sizes).ok())
      state.SkipWithError("archive has findings");
    const program::StoredEntries stored(zip);
    benchmark::DoNotOptimize(load_tensors(zip, &stored));
    bytes = payload_bytes(zip);
  }
  state.counters["weight_bytes"] = static_cast<double>(bytes);
}

void copied(benchmark::State& state, const std::string& path) {
  for (auto _ : state) {
    const ZipArchive zip = ZipArchive::open(path);
    if (!validate::validate_archive(zip).ok()) state.SkipWithError("archive has findings");
    benchmark::DoNotOptimize(load_tensors(zip, nullptr));
  }
}

void streamed(benchmark::State& state, const std::string& path) {
  for (auto _ : state) {
    const ZipArchive zip = ZipArchive::open(path);
    if (!validate::validate_archive(zip).ok()) state.SkipWithError("archive has findings");
  }
}

void crc(benchmark::State& state, const std::string& path) {
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    const ZipArchive zip = ZipArchive::map(path);
    const program::StoredEntries stored(zip);
    bytes = 0;
    for (const auto& e : zip.entries()) {
      stored.verify_crc(e);
      bytes += e.size;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

void bandwidth(benchmark::State& state, const std::string& path) {
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    const auto file = exportcheck::MappedFile::open(path);
    std::uint64_t sum = 0;
    const char* p = file->data();
    const std::uint64_t words = file->size() / sizeof(std::uint64_t);
    for (std::uint64_t i = 0; i < words; ++i) {
      std::uint64_t w;
      std::memcpy(&w, p + i * sizeof w, sizeof w);
      sum += w;
    }
    benchmark::DoNotOptimize(sum);
    bytes = file->size();
  }
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
  using Fn = void (*)(benchmark::State&, const std::string&);
  const std::pair<const char*, Fn> kinds[] = {
      {"archive/", mapped}, {"copy/", copied}, {"validate/", streamed}, {"crc/", crc}, {"bandwidth/", bandwidth}};
  for (const std::string& path : archives)
    for (const auto& [prefix, fn] : kinds)
      benchmark::RegisterBenchmark((prefix + path).c_str(), [path, fn = fn](benchmark::State& s) { fn(s, path); })
          ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

#include "harness/worker/machine_memory.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "harness/worker/memory_budget.h"

namespace exportcheck::worker {

namespace {

// "MemAvailable:   12345 kB" → bytes.
std::optional<std::uint64_t> field_bytes(std::string_view text, std::string_view key) {
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') {
      line.remove_prefix(key.size() + 1);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      std::uint64_t kb = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), kb);
      if (ec != std::errc()) return std::nullopt;
      return kb << 10;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return std::nullopt;
}

std::optional<MeminfoBytes> read_proc_meminfo() {
  std::ifstream in("/proc/meminfo");
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return parse_meminfo(text.str());
}

}  // namespace

std::optional<MeminfoBytes> parse_meminfo(std::string_view text) {
  const auto available = field_bytes(text, "MemAvailable");
  const auto total = field_bytes(text, "MemTotal");
  if (!available || !total) return std::nullopt;
  return MeminfoBytes{*available, *total};
}

MachineMemory& MachineMemory::instance() {
  static MachineMemory guard;
  return guard;
}

void MachineMemory::set_reader(Reader reader) {
  std::lock_guard lock(mu_);
  reader_ = std::move(reader);
}

std::uint64_t MachineMemory::default_floor(std::uint64_t total) { return std::max<std::uint64_t>(512ull << 20, total / 20); }

void MachineMemory::set_floor(std::uint64_t bytes) {
  std::lock_guard lock(mu_);
  floor_ = bytes;
}

std::optional<std::string> MachineMemory::report(const void* worker, std::uint64_t resident) {
  std::lock_guard lock(mu_);
  serving_[worker] = resident;
  const std::optional<MeminfoBytes> m = reader_ ? reader_() : read_proc_meminfo();
  if (!m) return std::nullopt;
  const std::uint64_t floor = floor_ ? floor_ : default_floor(m->total);
  if (m->available >= floor) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  if (last_kill_ != std::chrono::steady_clock::time_point{} && now - last_kill_ < kMachineKillCooldown) return std::nullopt;
  const auto largest = std::max_element(serving_.begin(), serving_.end(),
                                        [](const auto& a, const auto& b) { return a.second < b.second; });
  if (largest->first != worker) return std::nullopt;
  // Memory this run's workers do not hold (another run, another program) is
  // not theirs to pay for: the largest must hold a quarter of what is in use,
  // else the kernel's choice (the largest process) is the better one.
  const std::uint64_t in_use = m->total > m->available ? m->total - m->available : 0;
  if (resident < in_use / kMachineKillShare) return std::nullopt;
  last_kill_ = now;
  serving_.erase(worker);
  return "the machine ran low on memory: " + format_bytes(m->available) + " available of " + format_bytes(m->total) +
         " (floor " + format_bytes(floor) + "), and this worker held the most of any serving worker (" +
         format_bytes(resident) + "); killed before the kernel's OOM killer picks a process";
}

void MachineMemory::forget(const void* worker) {
  std::lock_guard lock(mu_);
  serving_.erase(worker);
}

}  // namespace exportcheck::worker

#pragma once
// The memory a worker may use while it serves one case, and how the harness
// sees what it uses: resident memory (VmRSS) of the worker and the processes
// it started, from /proc, polled while a request runs (Subprocess::read_line),
// plus the worker's own peak (VmHWM, reset at each request through
// /proc/<pid>/clear_refs) so a spike between two polls still counts. Host
// memory only: CUDA memory is not resident memory and is not budgeted.
//
// Polling rather than a cgroup's memory.max: it needs no cgroup delegation
// (CI containers rarely have it), and the worker survives as a process the
// harness kills and restarts, as for a timeout.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace exportcheck::worker {

struct MemoryBudget {
  std::uint64_t bytes = 0;  // 0: no budget (nothing is watched)
  // Where the budget comes from, for the message: "case memory_mb 2048",
  // "--memory-budget-mb 4096", "default 6144 MiB".
  std::string source;

  static MemoryBudget mib(std::int64_t mebibytes, std::string source) {
    return {static_cast<std::uint64_t>(mebibytes) << 20, std::move(source)};
  }
  bool limited() const { return bytes > 0; }
};

// How often a running request's memory is looked at.
inline constexpr std::chrono::milliseconds kMemoryPollInterval{100};

// "2.31 GiB", "512.0 MiB" (below 1 GiB).
std::string format_bytes(std::uint64_t bytes);

// "memory budget exceeded: peak 2.31 GiB > budget 2.00 GiB (case memory_mb 2048)".
std::string memory_budget_message(std::uint64_t peak_bytes, const MemoryBudget& budget);

// VmRSS and VmHWM (bytes) from the text of /proc/<pid>/status; nullopt when
// VmRSS is missing (a zombie, or not a status file).
struct ProcessMemory {
  std::uint64_t resident = 0;
  std::uint64_t peak = 0;
};
std::optional<ProcessMemory> parse_proc_status(std::string_view status_text);

// /proc/<pid>/status of a live process; nullopt once it is gone.
std::optional<ProcessMemory> process_memory(pid_t pid);

// Resident memory of `pid` and every process below it (children of each
// process's main thread, /proc/<pid>/task/<pid>/children); nullopt when
// `pid` itself is gone.
std::optional<std::uint64_t> tree_resident_bytes(pid_t pid);

// Restarts `pid`'s VmHWM from its current VmRSS (writes "5" to
// /proc/<pid>/clear_refs). False where that is not allowed: the peak is then
// what polling saw.
bool reset_peak(pid_t pid);

}  // namespace exportcheck::worker

#pragma once
// The machine's memory as a whole, which no per-worker budget guards: with
// -j 2 and a suite's 10 GiB budget, two workers each under budget plus the
// idle ones outgrew a 24 GiB machine, and the kernel's OOM killer chose a
// process (timm swsl_resnext101_32x16d's load worker, 9.3 GB). Every worker
// that serves a request under a budget reports its resident memory at each
// poll (Subprocess::memory_exceeded); when the memory the kernel says is
// still available (MemAvailable) falls under a floor, the serving worker
// that holds the most is killed first, with a message that says so, and
// its case gets the verdict instead of whichever process the kernel picks.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace exportcheck::worker {

// MemAvailable and MemTotal (bytes) from the text of /proc/meminfo.
struct MeminfoBytes {
  std::uint64_t available = 0;
  std::uint64_t total = 0;
};
std::optional<MeminfoBytes> parse_meminfo(std::string_view text);

class MachineMemory {
 public:
  using Reader = std::function<std::optional<MeminfoBytes>()>;

  // The one guard of this process (every slot's workers report to it).
  static MachineMemory& instance();

  // /proc/meminfo by default; tests give their own.
  void set_reader(Reader reader);
  // The default floor: max(512 MiB, 5% of MemTotal).
  static std::uint64_t default_floor(std::uint64_t total);
  // 0: the default floor.
  void set_floor(std::uint64_t bytes);

  // A serving worker's resident memory now. Returns why it must be killed
  // when available memory is under the floor, it is the largest serving
  // worker and holds at least 1/kMachineKillShare of the memory in use (no
  // second kill within a cooldown, while the first one's memory is being
  // freed); nullopt otherwise.
  std::optional<std::string> report(const void* worker, std::uint64_t resident);
  // The worker serves no request any more (or is gone).
  void forget(const void* worker);

 private:
  std::mutex mu_;
  Reader reader_;
  std::uint64_t floor_ = 0;
  std::map<const void*, std::uint64_t> serving_;
  std::chrono::steady_clock::time_point last_kill_{};
};

// How long after a kill no other worker is killed for the machine's memory.
inline constexpr std::chrono::seconds kMachineKillCooldown{2};
// The largest serving worker is killed only when it holds at least 1/4 of the
// memory in use (MemTotal - MemAvailable): a small worker of this run is not
// the one to kill when another process holds the machine's memory.
inline constexpr std::uint64_t kMachineKillShare = 4;

}  // namespace exportcheck::worker

// The machine-wide memory guard (worker/machine_memory.h): under the floor,
// the serving worker holding the most is killed, one at a time, with a
// message that says why.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/worker/json_lines_worker.h"
#include "harness/worker/machine_memory.h"

using namespace exportcheck::worker;

namespace {

constexpr std::uint64_t MiB = 1ull << 20;

struct FakeMeminfo {
  std::uint64_t available = 8192 * MiB;
  std::uint64_t total = 24576 * MiB;
  MachineMemory::Reader reader() {
    return [this] { return std::optional<MeminfoBytes>(MeminfoBytes{available, total}); };
  }
};

}  // namespace

TEST(MachineMemory, MeminfoGivesAvailableAndTotal) {
  const auto m = parse_meminfo("MemTotal:       24576000 kB\nMemFree:  100 kB\nMemAvailable:    1024 kB\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->total, 24576000ull << 10);
  EXPECT_EQ(m->available, 1024ull << 10);
  EXPECT_FALSE(parse_meminfo("MemTotal: 10 kB\n")) << "an old kernel without MemAvailable: no guard";
  EXPECT_FALSE(parse_meminfo("MemTotal: x kB\nMemAvailable: 1 kB\n"));
}

TEST(MachineMemory, TheFloorIsFivePercentButAtLeast512MiB) {
  EXPECT_EQ(MachineMemory::default_floor(24576 * MiB), 24576 * MiB / 20);
  EXPECT_EQ(MachineMemory::default_floor(4096 * MiB), 512 * MiB);
}

TEST(MachineMemory, UnderTheFloorOnlyTheLargestServingWorkerIsKilledOnceAtATime) {
  MachineMemory guard;
  FakeMeminfo meminfo;
  guard.set_reader(meminfo.reader());
  int small = 0, large = 0, third = 0;
  EXPECT_FALSE(guard.report(&small, 500 * MiB));
  EXPECT_FALSE(guard.report(&large, 9000 * MiB)) << "plenty available: nobody is killed";
  meminfo.available = 300 * MiB;  // under 5% of 24 GiB
  EXPECT_FALSE(guard.report(&small, 500 * MiB)) << "not the largest";
  const auto why = guard.report(&large, 9000 * MiB);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "the machine ran low on memory: 300 MiB available of 24.00 GiB (floor 1.20 GiB), and this worker "
                  "held the most of any serving worker (8.79 GiB); killed before the kernel's OOM killer picks a process");
  EXPECT_FALSE(guard.report(&small, 500 * MiB)) << "the first kill's memory is still being freed: no second kill yet";
  guard.forget(&small);
  EXPECT_FALSE(guard.report(&third, 100 * MiB));
}

// Seen with two runs side by side: the other run's worker held most of the
// memory, and this run's largest (1.85 GiB) is not the one to kill.
TEST(MachineMemory, ASmallWorkerIsNotKilledForMemoryOthersHold) {
  MachineMemory guard;
  FakeMeminfo meminfo;
  meminfo.available = 1000 * MiB;  // 23.0 GiB in use
  guard.set_reader(meminfo.reader());
  int small = 0;
  EXPECT_FALSE(guard.report(&small, 1894 * MiB)) << "under a quarter of the memory in use";
  EXPECT_TRUE(guard.report(&small, 6000 * MiB)) << "a quarter or more: its own";
}

TEST(MachineMemory, AWorkerNoLongerServingIsNotCounted) {
  MachineMemory guard;
  FakeMeminfo meminfo;
  guard.set_reader(meminfo.reader());
  int idle = 0, serving = 0;
  guard.report(&idle, 9000 * MiB);
  guard.forget(&idle);  // its request ended
  meminfo.available = 100 * MiB;
  EXPECT_TRUE(guard.report(&serving, 7000 * MiB)) << "the largest of those serving now";
}

// Through a real worker: the process-wide guard kills it mid-request, and the
// reply says the machine's memory did it, not the worker's own budget.
TEST(MachineMemory, AWorkerKilledForTheMachineSaysSo) {
  FakeMeminfo meminfo;
  meminfo.total = 1024 * MiB;  // 924 MiB in use: the worker is killed once it holds a quarter (231 MiB)
  meminfo.available = 100 * MiB;
  MachineMemory::instance().set_reader(meminfo.reader());
  WorkerConfig c;
  c.python = "python3";
  c.root = std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/worker";
  c.module = "fake_worker";
  c.role = "load";
  c.log_path = std::filesystem::temp_directory_path() / "exportcheck-test-machine-memory.log";
  c.startup_timeout = std::chrono::seconds(20);
  JsonLinesWorker w(c);
  w.set_memory_budget(MemoryBudget::mib(4096, "test budget"));
  // `hold` keeps the 256 MiB after its reply, so the check at the reply sees
  // them whatever the 100 ms polls caught (`grow` frees them just before it
  // answers: a poll had to land in its last ~40 ms, and under load one missed).
  const Reply r = w.call({{"op", "hold"}, {"mib", 256}}, std::chrono::seconds(30));
  MachineMemory::instance().set_reader(nullptr);  // /proc/meminfo again
  EXPECT_EQ(r.status, Reply::Status::MemoryExceeded) << r.message;
  EXPECT_EQ(r.message.rfind("the machine ran low on memory: 100 MiB available of 1.00 GiB", 0), 0u) << r.message;
  EXPECT_NE(r.message.find("; load worker killed"), std::string::npos) << r.message;
  EXPECT_EQ(r.message.find("memory budget exceeded"), std::string::npos) << r.message;
}

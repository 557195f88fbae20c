#include "harness/run/worker_threads.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <sched.h>
#include <thread>

namespace exportcheck::run {

WorkerThreads worker_threads(int cores, int jobs, std::optional<int> requested, const char* omp_env) {
  if (requested) return {*requested, "--worker-threads", true};
  if (omp_env != nullptr && *omp_env != '\0') {
    int value = 0;  // OpenMP's own syntax may be a list ("4,2"): record its first number, or 0
    std::from_chars(omp_env, omp_env + std::strlen(omp_env), value);
    return {std::max(value, 0), "OMP_NUM_THREADS", false};
  }
  return {std::max(1, std::max(cores, 1) / std::max(jobs, 1)), "cores / jobs", true};
}

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace exportcheck::run

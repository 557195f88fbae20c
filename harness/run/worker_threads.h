#pragma once
// How many intra-op threads each worker's torch uses. Every slot of -j N runs
// an export, a load and a cpp worker, each with torch's own pool; left alone,
// each pool takes every core, so on a 2-core machine two busy slots run 4+
// threads on 2 cores and every stage slows (the full catalog at -j 2: 138.8 s
// wall with the default pools, 96.6 s with one thread per worker, same
// results). So a worker gets cores / jobs threads (at least 1), sent as
// OMP_NUM_THREADS, which torch and LibTorch read at start-up.
#include <optional>
#include <string>

namespace exportcheck::run {

struct WorkerThreads {
  int count = 0;       // threads per worker; 0: not set (whatever torch picks)
  std::string source;  // "--worker-threads", "OMP_NUM_THREADS" or "cores / jobs"
  // Whether the harness sets OMP_NUM_THREADS (and MKL_NUM_THREADS) for its
  // workers; false when the user's OMP_NUM_THREADS is inherited as it is.
  bool set_by_harness = false;
};

// `requested`: --worker-threads N (wins); `omp_env`: the harness's own
// OMP_NUM_THREADS (null when unset: a user's setting is kept and recorded);
// otherwise max(1, cores / jobs).
WorkerThreads worker_threads(int cores, int jobs, std::optional<int> requested, const char* omp_env);

// The cores this process may run on (its CPU affinity, as a container's
// cpuset limits it), at least 1: the default -j and the split above.
int usable_cores();

}  // namespace exportcheck::run

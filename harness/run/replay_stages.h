#pragma once
// Stages `replay:<runtime>:<device>` and `guards:<runtime>:<device>` of one
// exported program (issue 5; bundle format: harness/replay/BUNDLE.md).
//
// replay: every sample of the mode's replay bundle through the runtime,
//         compared with eager on that device;
// guards: every guard sample (one symbol just outside its range) must be
//         refused by the runtime.
// The Python runtimes (module, nativert) run in the slot's load worker, the
// C++ executor (cpp) in its cpp worker (`exportcheck worker --role cpp`), so
// a runtime that crashes or hangs is that stage's CRASH/TIMEOUT only. A
// failing replay sample leaves a repro bundle (harness/replay/repro.h).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/run/archive_stages.h"
#include "harness/worker/json_lines_worker.h"
#include "harness/worker/requests.h"

namespace exportcheck::run {

// The runtimes in the order they run; `exportcheck run --runtime` picks some.
// `aoti` compiles every program (seconds to minutes each), so it runs when asked
// for (`--runtime aoti`, `--runtime all`), not by default.
inline const std::vector<std::string>& all_runtimes() {
  static const std::vector<std::string> kAll = {"module", "nativert", "cpp"};
  return kAll;
}
inline const std::vector<std::string>& every_runtime() {
  static const std::vector<std::string> kEvery = {"module", "nativert", "cpp", "aoti"};
  return kEvery;
}

struct RuntimeRequest {
  std::string runtime;               // module | nativert | cpp | aoti
  std::string device;                // cpu | cuda
  std::filesystem::path archive;     // <case>/<mode>/<ir>.pt2
  std::filesystem::path bundle;      // <case>/<mode>/replay.pt
  nlohmann::json tolerance = nlohmann::json::object();
  std::string model_module;          // forbidden in the load worker
  nlohmann::json preload = nlohmann::json::array();  // modules the load worker imports first (custom ops)
  std::filesystem::path repro_dir;   // where a failing sample's repro bundle goes
  double timeout_s = 300;
  std::filesystem::path exportcheck_binary;  // named in the repro's command; empty: this process
  std::filesystem::path package;     // aoti: the package compiled from `archive` (aoti_compile)
};

// The stage's result: `unsupported` set means the runtime or device is
// absent (UNSUPPORTED with that reason); otherwise `check` holds the outcome.
struct RuntimeCheck {
  std::optional<std::string> unsupported;
  Check check;
};

// The aoti runtime's compile (load worker, exporter/aoti_compile.py), once per
// program and device before its stages: `package` set when it compiled (or
// came from the compile cache); otherwise `unsupported` (no such device here)
// or `failed`: the compiler's error (FAIL), a crash or hang (CRASH / TIMEOUT),
// which every aoti stage of the program then records. `details` ("aoti":
// compile_seconds, cache hit | miss | rebuilt, key) go on those records.
struct AotiCompile {
  std::optional<std::filesystem::path> package;
  std::optional<std::string> unsupported;
  std::optional<report::Outcome> failed;
  double seconds = 0;  // this request's time (a cache hit: milliseconds)
  nlohmann::json details = nlohmann::json::object();
};
AotiCompile aoti_compile(worker::JsonLinesWorker& loader, const worker::AotiCompileTarget& target, double timeout_s);

RuntimeCheck replay_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request);
RuntimeCheck guards_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request);
// sequence: one runner called with every sample in order, never reset, against
// one eager model called alike (the bundle's `sequence`); each call's outputs,
// then every buffer the program mutates. No repro bundle.
RuntimeCheck sequence_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request);

}  // namespace exportcheck::run

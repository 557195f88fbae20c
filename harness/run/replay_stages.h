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

namespace exportcheck::run {

// The runtimes in the order they run; `exportcheck run --runtime` picks some.
inline const std::vector<std::string>& all_runtimes() {
  static const std::vector<std::string> kAll = {"module", "nativert", "cpp"};
  return kAll;
}

struct RuntimeRequest {
  std::string runtime;               // module | nativert | cpp
  std::string device;                // cpu | cuda
  std::filesystem::path archive;     // <case>/<mode>/<ir>.pt2
  std::filesystem::path bundle;      // <case>/<mode>/replay.pt
  nlohmann::json tolerance = nlohmann::json::object();
  std::string model_module;          // forbidden in the load worker
  nlohmann::json preload = nlohmann::json::array();  // modules the load worker imports first (custom ops)
  std::filesystem::path repro_dir;   // where a failing sample's repro bundle goes
  double timeout_s = 300;
  std::filesystem::path exportcheck_binary;  // named in the repro's command; empty: this process
};

// The stage's result: `unsupported` set means the runtime or device is
// absent (UNSUPPORTED with that reason); otherwise `check` holds the outcome.
struct RuntimeCheck {
  std::optional<std::string> unsupported;
  Check check;
};

RuntimeCheck replay_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request);
RuntimeCheck guards_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request);

}  // namespace exportcheck::run

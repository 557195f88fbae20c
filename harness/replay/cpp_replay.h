#pragma once
// Randomized replay of the `cpp` runtime (our executor, harness/runtime/):
// every bundle sample through ProgramRunner on one device, compared with the
// eager outputs; guard samples must be refused. The results are JSON objects
// shaped like the Python load worker's replay responses (exporter/PROTOCOL.md),
// so the harness treats both runtimes alike.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <c10/core/Device.h>
#include <nlohmann/json.hpp>

#include "harness/replay/bundle.h"
#include "harness/replay/compare.h"
#include "harness/runtime/program_runner.h"

namespace exportcheck::replay {

// How a replay gets its runner (tests substitute a fake); the default is ProgramRunner::load.
using RunnerFactory =
    std::function<std::unique_ptr<runtime::ProgramRunner>(const std::filesystem::path& archive, c10::Device device)>;
RunnerFactory default_runner_factory();

struct ReplayRequest {
  std::filesystem::path archive;
  std::filesystem::path bundle;
  std::string device = "cpu";  // cpu | cuda | cuda:N
  Tolerance tolerance;
};

// Why `device` cannot run here ("CUDA not available"), or nothing. Throws
// std::invalid_argument for a device string that is not a device.
std::optional<std::string> unavailable_reason(const std::string& device);

// Every sample's outputs, in sample order.
using SampleOutputs = std::vector<std::vector<c10::IValue>>;
// The most replay keeps for `made` (tensor bytes): a detection model's outputs can be large.
inline constexpr std::size_t kReuseLimitBytes = std::size_t{256} << 20;

// {"ok": true, "passed": true, "samples": N, "seconds": s}
// {"ok": true, "passed": false, "samples": N, "failing_sample": i, "label": ..., "message": "sample i (label; s0=..): ...", "seconds": s}
// {"ok": true, "passed": false, "unsupported": "CUDA not available"}
// A bad bundle throws BundleError (a broken request, not a failing artifact).
// `made` (may be null): every sample's outputs, when every sample passed and
// no call changed the runner's state (mutated_buffers() empty after each) and
// they fit in kReuseLimitBytes; else left empty. Those calls are then the
// sequence stage's calls (sequence_cpp's `made`): one runner, in order, and
// resetting a state that never changed is no reset.
nlohmann::json replay_cpp(const ReplayRequest& request, const RunnerFactory& factory = default_runner_factory(),
                          SampleOutputs* made = nullptr);
nlohmann::json replay_cpp(const ReplayRequest& request, const Bundle& bundle, const RunnerFactory& factory,
                          SampleOutputs* made = nullptr);

// {"ok": true, "passed": bool, "checked": N, "accepted": [{"label", "value", "bound"}],
//  "refused": [{"label", "message"}], "message": "accepted below-min:s0 (s0=1, min 2)", "seconds": s}
nlohmann::json guards_cpp(const ReplayRequest& request, const RunnerFactory& factory = default_runner_factory());
nlohmann::json guards_cpp(const ReplayRequest& request, const Bundle& bundle, const RunnerFactory& factory);

// "sample 2 (max:s0; s0=1024; inputs (1024, 64))", as exporter/replay.py's _where.
std::string sample_name(size_t index, const Sample& sample);
// "max:s0; s0=1024; inputs (1024, 64)": the part of sample_name in parentheses ("" when none).
std::string sample_detail(const Sample& sample);
// Fresh copies of flat inputs on `device` (the program may mutate its inputs).
std::vector<c10::IValue> on_device(const std::vector<c10::IValue>& inputs, c10::Device device);
// c10::Device of "cpu" | "cuda" | "cuda:N"; std::invalid_argument otherwise.
c10::Device parse_device_string(const std::string& device);

// "LoadError" for exportcheck::runtime::LoadError, "c10::Error", ... (for messages and error_type).
std::string exception_type_name(const std::exception& e);
// The first line of e.what().
std::string first_line(const std::string& text);
// "Type: first line" of an exception, as every C++ runtime reply words it.
std::string failure_text(const std::exception& e);

// Seconds since `start`, rounded to microseconds (the replies' "seconds").
using Clock = std::chrono::steady_clock;
double since(Clock::time_point start);

}  // namespace exportcheck::replay

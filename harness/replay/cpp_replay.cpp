#include "harness/replay/cpp_replay.h"

#include "harness/worker/requests.h"

#include <algorithm>
#include <chrono>
#include <cxxabi.h>
#include <stdexcept>
#include <typeinfo>

#include <ATen/Context.h>

namespace exportcheck::replay {
namespace {


c10::Device parse_device(const std::string& device) {
  try {
    return c10::Device(device);
  } catch (const std::exception&) {
    throw std::invalid_argument("unknown device '" + device + "' (cpu, cuda, cuda:N)");
  }
}


// Loads the runner, or fills `failed` with the response for a program that cannot be built.
std::unique_ptr<runtime::ProgramRunner> load_runner(const ReplayRequest& request, c10::Device device,
                                                    const RunnerFactory& factory, nlohmann::json& failed,
                                                    Clock::time_point start, const char* count_key) {
  try {
    auto runner = factory(request.archive, device);
    if (!runner) throw runtime::LoadError("runner factory returned nothing");
    return runner;
  } catch (const std::exception& e) {
    failed = {{"ok", true}, {"passed", false}, {count_key, 0}, {"error_type", exception_type_name(e)},
              {"message", "load: " + failure_text(e)}, {"seconds", since(start)}};
    return nullptr;
  }
}

}  // namespace

// Fresh copies on the runner's device: the program may mutate its inputs.
std::vector<c10::IValue> on_device(const std::vector<c10::IValue>& inputs, c10::Device device) {
  std::vector<c10::IValue> out;
  out.reserve(inputs.size());
  for (const auto& v : inputs) {
    if (v.isTensor()) {
      out.emplace_back(v.toTensor().to(device, /*non_blocking=*/false, /*copy=*/true));
    } else {
      out.push_back(v);
    }
  }
  return out;
}

std::string sample_detail(const Sample& sample) {
  std::vector<std::string> parts;
  if (!sample.label.empty()) parts.push_back(sample.label);
  auto sizes = sample.sizes;
  std::sort(sizes.begin(), sizes.end());
  if (!sizes.empty()) parts.push_back(describe_sizes(sizes));
  std::string dims;
  for (const auto& v : sample.inputs) {
    if (v.isTensor()) dims += (dims.empty() ? "" : ", ") + shape_string(v.toTensor().sizes());
  }
  if (!dims.empty()) parts.push_back("inputs " + dims);
  std::string detail;
  for (const auto& p : parts) detail += (detail.empty() ? "" : "; ") + p;
  return detail;
}

std::string sample_name(size_t index, const Sample& sample) {
  const std::string detail = sample_detail(sample);
  return "sample " + std::to_string(index) + (detail.empty() ? "" : " (" + detail + ")");
}

double since(Clock::time_point start) {
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(static_cast<long long>(s * 1e6)) / 1e6;
}

std::string failure_text(const std::exception& e) { return exception_type_name(e) + ": " + first_line(e.what()); }

std::string first_line(const std::string& text) {
  auto nl = text.find('\n');
  std::string line = nl == std::string::npos ? text : text.substr(0, nl);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::string exception_type_name(const std::exception& e) {
  const char* mangled = typeid(e).name();
  int status = 0;
  char* demangled = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : mangled;
  std::free(demangled);
  for (const char* prefix : {"exportcheck::runtime::", "exportcheck::program::", "exportcheck::replay::", "exportcheck::"}) {
    if (name.rfind(prefix, 0) == 0) return name.substr(std::string(prefix).size());
  }
  return name;
}

std::optional<std::string> unavailable_reason(const std::string& device) {
  auto d = parse_device(device);
  if (d.is_cpu()) return std::nullopt;
  if (d.is_cuda()) {
    if (!at::hasCUDA()) return "CUDA not available";
    return std::nullopt;
  }
  return "device type " + c10::DeviceTypeName(d.type(), /*lower_case=*/true) + " not supported by the cpp runtime";
}

c10::Device parse_device_string(const std::string& device) { return parse_device(device); }

nlohmann::json replay_cpp(const ReplayRequest& request, const RunnerFactory& factory, SampleOutputs* made) {
  if (auto reason = unavailable_reason(request.device)) return {{"ok", true}, {"passed", false}, {"unsupported", *reason}};
  return replay_cpp(request, read_bundle(request.bundle), factory, made);
}

static std::size_t tensor_bytes(const std::vector<c10::IValue>& values) {
  std::size_t bytes = 0;
  for (const auto& v : values)
    if (v.isTensor()) bytes += v.toTensor().nbytes();
  return bytes;
}

nlohmann::json replay_cpp(const ReplayRequest& request, const Bundle& bundle, const RunnerFactory& factory,
                          SampleOutputs* made) {
  if (made) made->clear();
  if (auto reason = unavailable_reason(request.device)) return {{"ok", true}, {"passed", false}, {"unsupported", *reason}};
  const auto start = Clock::now();
  const c10::Device device = parse_device(request.device);
  const std::string key = device.is_cuda() ? "cuda" : device.str();  // bundle outputs are keyed "cpu" / "cuda"

  for (size_t i = 0; i < bundle.samples.size(); ++i) {
    if (!bundle.samples[i].outputs.count(key)) {
      // A device-level gap (eager failed there), not this sample's: no failing_sample, so no repro.
      return {{"ok", true}, {"passed", false}, {"samples", i}, {"status", worker::kNoEagerOutput},
              {"message", "sample " + std::to_string(i) + ": no eager output on " + key + " (" + eager_reason(bundle, key) + ")"},
              {"seconds", since(start)}};
    }
  }
  nlohmann::json failed;
  auto runner = load_runner(request, device, factory, failed, start, "samples");
  if (!runner) return failed;
  SampleOutputs kept;  // for `made` while no call changed the state
  bool keeping = made != nullptr;
  std::size_t kept_bytes = 0;
  for (size_t i = 0; i < bundle.samples.size(); ++i) {
    const Sample& sample = bundle.samples[i];
    const std::string name = sample_name(i, sample);
    auto fail = [&](const std::string& message) {
      return nlohmann::json{{"ok", true}, {"passed", false}, {"samples", i + 1}, {"failing_sample", i},
                            {"label", sample.label}, {"message", name + ": " + message}, {"seconds", since(start)}};
    };
    std::vector<c10::IValue> actual;
    try {
      runner->reset_state();
      actual = runner->run(on_device(sample.inputs, device));
    } catch (const std::exception& e) {
      auto r = fail("run: " + failure_text(e));
      r["error_type"] = exception_type_name(e);
      return r;
    }
    const auto& expected = sample.outputs.at(key);
    static const std::vector<std::string> kNoDevices;
    auto devices = sample.output_devices.find(key);
    if (auto mismatch = compare_outputs(actual, expected, devices == sample.output_devices.end() ? kNoDevices : devices->second,
                                        request.tolerance, output_paths(bundle.out_spec, expected.size()),
                                        !bundle.unchecked_values)) {
      return fail(*mismatch);
    }
    if (keeping) {
      kept_bytes += tensor_bytes(actual);
      keeping = kept_bytes <= kReuseLimitBytes && runner->mutated_buffers().empty();
      if (keeping) kept.push_back(std::move(actual));
    }
  }
  if (keeping) *made = std::move(kept);
  nlohmann::json passed{{"ok", true}, {"passed", true}, {"samples", bundle.samples.size()}, {"seconds", since(start)}};
  if (bundle.unchecked_values) passed["message"] = "values not compared: " + *bundle.unchecked_values;
  return passed;
}

nlohmann::json guards_cpp(const ReplayRequest& request, const RunnerFactory& factory) {
  if (auto reason = unavailable_reason(request.device)) return {{"ok", true}, {"passed", false}, {"unsupported", *reason}};
  return guards_cpp(request, read_bundle(request.bundle), factory);
}

nlohmann::json guards_cpp(const ReplayRequest& request, const Bundle& bundle, const RunnerFactory& factory) {
  if (auto reason = unavailable_reason(request.device)) return {{"ok", true}, {"passed", false}, {"unsupported", *reason}};
  const auto start = Clock::now();
  if (bundle.guards.empty()) return {{"ok", true}, {"passed", true}, {"checked", 0}, {"seconds", since(start)}};
  const c10::Device device = parse_device(request.device);
  nlohmann::json failed;
  auto runner = load_runner(request, device, factory, failed, start, "checked");
  if (!runner) return failed;

  auto accepted = nlohmann::json::array();
  auto refused = nlohmann::json::array();
  std::string message;
  for (const auto& guard : bundle.guards) {
    try {
      runner->reset_state();
      runner->run(on_device(guard.inputs, device));
    } catch (const std::exception& e) {
      refused.push_back({{"label", guard.label}, {"message", failure_text(e).substr(0, 500)}});
      continue;
    }
    accepted.push_back({{"label", guard.label}, {"value", guard.value}, {"bound", guard.bound}});
    message += (message.empty() ? "accepted " : "; accepted ") + guard.label + " (" + guard.symbol + "=" +
               std::to_string(guard.value) + ", " + guard.bound + ")";
  }
  nlohmann::json out = {{"ok", true}, {"passed", accepted.empty()}, {"checked", bundle.guards.size()},
                        {"accepted", accepted}, {"refused", refused}, {"seconds", since(start)}};
  if (!message.empty()) out["message"] = message;
  return out;
}

}  // namespace exportcheck::replay

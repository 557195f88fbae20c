#include "harness/replay/sequence_replay.h"

#include <chrono>

#include "harness/worker/requests.h"

namespace exportcheck::replay {
namespace {

// "call 2 of 9 (sample 1: min:s0; s0=2; inputs (2, 4))", as exporter/replay.py's _call_where.
std::string call_name(size_t index, size_t count, const Sample& sample) {
  const std::string detail = sample_detail(sample);
  return "call " + std::to_string(index + 1) + " of " + std::to_string(count) + " (sample " + std::to_string(index) +
         (detail.empty() ? "" : ": " + detail) + ")";
}

}  // namespace

nlohmann::json sequence_cpp(const ReplayRequest& request, const RunnerFactory& factory, const SampleOutputs* made) {
  if (auto reason = unavailable_reason(request.device)) return {{"ok", true}, {"passed", false}, {"unsupported", *reason}};
  return sequence_cpp(request, read_bundle(request.bundle), factory, made);
}

nlohmann::json sequence_cpp(const ReplayRequest& request, const Bundle& bundle, const RunnerFactory& factory,
                            const SampleOutputs* made) {
  if (auto reason = unavailable_reason(request.device)) return {{"ok", true}, {"passed", false}, {"unsupported", *reason}};
  if (!bundle.sequence)
    return {{"ok", true}, {"passed", false}, {"unsupported", "bundle has no sequence reference (an older exporter)"}};
  const auto start = Clock::now();
  const c10::Device device = parse_device_string(request.device);
  const std::string key = device.is_cuda() ? "cuda" : device.str();  // bundle outputs are keyed "cpu" / "cuda"
  const SequenceReference& seq = *bundle.sequence;
  auto outputs = seq.outputs.find(key);
  if (outputs == seq.outputs.end()) {
    auto error = seq.errors.find(key);
    const std::string why = error != seq.errors.end() ? error->second : eager_reason(bundle, key);
    return {{"ok", true}, {"passed", false}, {"calls", 0}, {"status", worker::kNoEagerOutput},
            {"message", "no eager sequence on " + key + " (" + why + ")"}, {"seconds", since(start)}};
  }

  const size_t count = bundle.samples.size();
  if (made && made->size() != count) made = nullptr;
  // With replay's calls there is nothing to call: no runner. Its state never
  // changed in replay (the condition of `made`), so it mutates no buffer.
  std::unique_ptr<runtime::ProgramRunner> runner;
  if (!made) {
    try {
      runner = factory(request.archive, device);
      if (!runner) throw runtime::LoadError("runner factory returned nothing");
    } catch (const std::exception& e) {
      return {{"ok", true}, {"passed", false}, {"calls", 0}, {"error_type", exception_type_name(e)},
              {"message", "load: " + failure_text(e)}, {"seconds", since(start)}};
    }
  }
  const bool values = !bundle.unchecked_values;
  // Says on every reply past this point whether the calls were replay's.
  auto with_origin = [&](nlohmann::json reply) {
    if (made) reply["calls_from_replay"] = true;
    return reply;
  };
  static const std::vector<std::string> kNoDevices;
  try {
    if (runner) runner->reset_state();  // once: the calls below carry state from one to the next
  } catch (const std::exception& e) {
    return {{"ok", true}, {"passed", false}, {"calls", 0}, {"error_type", exception_type_name(e)},
            {"message", "reset_state: " + failure_text(e)}, {"seconds", since(start)}};
  }
  for (size_t i = 0; i < count; ++i) {
    const Sample& sample = bundle.samples[i];
    const std::string name = call_name(i, count, sample);
    auto fail = [&](const std::string& message) {
      return with_origin({{"ok", true}, {"passed", false}, {"calls", i + 1}, {"failing_sample", i},
                          {"label", sample.label}, {"message", name + ": " + message}, {"seconds", since(start)}});
    };
    std::vector<c10::IValue> actual;
    try {
      actual = made ? (*made)[i] : runner->run(on_device(sample.inputs, device));
    } catch (const std::exception& e) {
      auto r = fail("run: " + failure_text(e));
      r["error_type"] = exception_type_name(e);
      return r;
    }
    const auto& expected = outputs->second.at(i);
    auto devices = sample.output_devices.find(key);
    if (auto mismatch = compare_outputs(actual, expected, devices == sample.output_devices.end() ? kNoDevices : devices->second,
                                        request.tolerance, output_paths(bundle.out_spec, expected.size()), values)) {
      return fail(*mismatch);
    }
  }

  const std::string after = "after call " + std::to_string(count) + " of " + std::to_string(count) + ": buffer ";
  auto buffer_fail = [&](const std::string& message) {
    return with_origin({{"ok", true}, {"passed", false}, {"calls", count}, {"message", message}, {"seconds", since(start)}});
  };
  auto expected_buffers = seq.buffers.find(key);
  if (expected_buffers != seq.buffers.end() && !expected_buffers->second.empty()) {
    std::map<std::string, at::Tensor> actual;
    try {
      if (runner) actual = runner->mutated_buffers();
    } catch (const std::exception& e) {
      return buffer_fail("after call " + std::to_string(count) + " of " + std::to_string(count) +
                         ": mutated_buffers: " + failure_text(e));
    }
    for (const auto& [fqn, expected] : expected_buffers->second) {
      auto it = actual.find(fqn);
      if (it == actual.end()) return buffer_fail(after + fqn + ": the program does not mutate it (eager does)");
      if (auto mismatch = compare_value("buffer", c10::IValue(it->second.to(at::kCPU)), c10::IValue(expected), "",
                                        request.tolerance, values)) {
        std::string text = *mismatch;
        if (text.rfind("buffer: ", 0) == 0) text = text.substr(8);
        return buffer_fail(after + fqn + " differs: " + text);
      }
    }
  }
  nlohmann::json passed{{"ok", true}, {"passed", true}, {"calls", count}, {"seconds", since(start)}};
  if (bundle.unchecked_values) passed["message"] = "values not compared: " + *bundle.unchecked_values;
  return with_origin(std::move(passed));
}

}  // namespace exportcheck::replay

#pragma once
// Fixtures (tests/data/replay, written by make_fixtures.py) and a fake
// ProgramRunner that computes the fixture model (Scale) with ATen.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/sum.h>
#include <ATen/ops/tensor.h>

#include "harness/replay/bundle.h"
#include "harness/replay/cpp_replay.h"
#include "harness/runtime/program_runner.h"

namespace replay_test {

inline std::filesystem::path data(const std::string& name) {
  return std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/replay" / name;
}

inline std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("exportcheck-replay-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A cpu request for the fixture program and bundle.
inline exportcheck::replay::ReplayRequest fixture_request() {
  exportcheck::replay::ReplayRequest r;
  r.archive = data("program.pt2");
  r.bundle = data("bundle.pt");
  r.device = "cpu";
  return r;
}

// The fixture bundle with a `sequence` section. The fixture model (Scale) is
// stateless: eager called in order gives each sample's own outputs.
inline exportcheck::replay::Bundle fixture_with_sequence(std::map<std::string, at::Tensor> buffers = {}) {
  exportcheck::replay::Bundle b = exportcheck::replay::read_bundle(data("bundle.pt"));
  exportcheck::replay::SequenceReference seq;
  for (const auto& s : b.samples) seq.outputs["cpu"].push_back(s.outputs.at("cpu"));
  seq.buffers["cpu"] = std::move(buffers);
  b.sequence = seq;
  return b;
}

// What the fake saw; owned by the test (the runner dies with the replay).
struct FakeStats {
  int loads = 0, runs = 0, resets = 0;
};

// forward(x, k) = (x * 2 + offset, x.sum(0), k), batch in [min_batch, max_batch].
class FakeRunner : public exportcheck::runtime::ProgramRunner {
 public:
  int64_t min_batch = 2, max_batch = 64;
  bool check_inputs = true;
  FakeStats* stats = nullptr;
  bool mutate_input = false;  // writes into x like an in-place program would

  std::vector<c10::IValue> run(std::vector<c10::IValue> inputs) override {
    if (stats) ++stats->runs;
    if (inputs.size() != 2) throw exportcheck::runtime::InputError("expected 2 inputs");
    auto x = inputs[0].toTensor();
    if (check_inputs && (x.size(0) < min_batch || x.size(0) > max_batch)) {
      throw exportcheck::runtime::InputError("input x: dimension 0 is " + std::to_string(x.size(0)) + ", outside [" +
                                             std::to_string(min_batch) + ", " + std::to_string(max_batch) + "]");
    }
    auto offset = at::tensor(std::vector<float>{0.5f, -1.0f, 2.0f, 0.25f}).to(x.device());
    std::vector<c10::IValue> out{x * 2 + offset, x.sum(0), inputs[1]};
    if (mutate_input) x.mul_(100);
    return out;
  }
  void reset_state() override {
    if (stats) ++stats->resets;
  }
  std::map<std::string, at::Tensor> mutated_buffers() const override { return {}; }
  c10::Device device() const override { return c10::kCPU; }
  std::size_t node_count() const override { return 3; }
  std::vector<std::string> user_inputs() const override { return {"x", "k"}; }
};

// A factory handing out FakeRunners that count into `stats` (may be null).
inline exportcheck::replay::RunnerFactory fake_factory(FakeStats* stats, std::function<void(FakeRunner&)> setup = {}) {
  return [stats, setup](const std::filesystem::path&, c10::Device) {
    auto r = std::make_unique<FakeRunner>();
    if (setup) setup(*r);
    r->stats = stats;
    if (stats) ++stats->loads;
    return std::unique_ptr<exportcheck::runtime::ProgramRunner>(std::move(r));
  };
}

}  // namespace replay_test

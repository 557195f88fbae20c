#include "harness/replay/aoti_runner.h"

#include <string>
#include <utility>
#include <vector>

#include <torch/csrc/inductor/aoti_package/model_package_loader.h>

namespace exportcheck::replay {
namespace {

namespace inductor = torch::inductor;

class AotiRunner final : public runtime::ProgramRunner {
 public:
  AotiRunner(std::filesystem::path package, c10::Device device) : package_(std::move(package)), device_(device) {
    loader_ = open();
  }

  // A package takes only tensors: the Python wrapper (AOTICompiledModel) drops the
  // other flat inputs the same way, as export specialized them. Outputs come back flat.
  std::vector<c10::IValue> run(std::vector<c10::IValue> inputs) override {
    std::vector<at::Tensor> tensors;
    for (const auto& v : inputs)
      if (v.isTensor()) tensors.push_back(v.toTensor());
    dirty_ = true;
    std::vector<at::Tensor> outputs;
    try {
      outputs = loader_->run(tensors);
    } catch (const c10::Error& e) {
      throw runtime::ExecutionError(std::string("AOTInductor run: ") + e.what_without_backtrace());
    }
    return {outputs.begin(), outputs.end()};
  }

  // A package keeps mutated buffers in its own constants: a fresh load restores the archive's values.
  void reset_state() override {
    if (dirty_) loader_ = open();
    dirty_ = false;
  }

  std::map<std::string, at::Tensor> mutated_buffers() const override {
    std::map<std::string, at::Tensor> out;
    for (const auto& [name, tensor] : loader_->get_runner()->extract_constants_map(/*use_inactive=*/false))
      out.emplace(name, tensor);
    return out;
  }

  c10::Device device() const override { return device_; }
  std::size_t node_count() const override { return 0; }  // compiled: no graph to count
  std::vector<std::string> user_inputs() const override { return {}; }

 private:
  std::unique_ptr<inductor::AOTIModelPackageLoader> open() const {
    try {
      return std::make_unique<inductor::AOTIModelPackageLoader>(package_.string(), "model", /*run_single_threaded=*/false,
                                                                /*num_runners=*/1, device_.is_cuda() ? device_.index() : -1);
    } catch (const std::exception& e) {
      throw runtime::LoadError("AOTInductor package " + package_.string() + ": " + e.what());
    }
  }

  std::filesystem::path package_;
  c10::Device device_;
  std::unique_ptr<inductor::AOTIModelPackageLoader> loader_;
  bool dirty_ = false;
};

}  // namespace

std::unique_ptr<runtime::ProgramRunner> load_aoti_runner(const std::filesystem::path& package, c10::Device device) {
  return std::make_unique<AotiRunner>(package, device);
}

RunnerFactory aoti_runner_factory(const std::filesystem::path& package) {
  return [package](const std::filesystem::path&, c10::Device device) { return load_aoti_runner(package, device); };
}

}  // namespace exportcheck::replay

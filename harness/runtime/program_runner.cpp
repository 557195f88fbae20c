#include "harness/runtime/program_runner.h"

#include <map>
#include <set>

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <c10/core/GradMode.h>
#include <c10/util/Exception.h>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/program/graph_builder.h"
#include "harness/program/stored_entries.h"
#include "harness/program/tensor_loader.h"
#include "harness/runtime/graph_executor.h"
#include "harness/runtime/input_checker.h"
#include "harness/runtime/prims_ops.h"
#include "harness/runtime/sym_ops.h"

namespace exportcheck::runtime {

namespace {

using program::InputBinding;
using program::OutputBinding;

constexpr std::uint64_t kMaxModelJson = std::uint64_t{512} << 20;

class Runner final : public ProgramRunner {
 public:
  Runner(program::Program program, c10::Device device, program::Payloads weights, program::Payloads constants)
      : program_(std::move(program)), device_(device), checker_(program_) {
    bound_.resize(program_.inputs.size());
    for (std::size_t i = 0; i < program_.inputs.size(); ++i) {
      const InputBinding& b = program_.inputs[i];
      const std::string what = "input spec " + std::to_string(i) + " ('" + b.name + "')";
      auto find = [&](const program::Payloads& first, const program::Payloads& second, const char* kind,
                      const char* where) -> at::Tensor {
        for (const program::Payloads* p : {&first, &second}) {
          if (auto it = p->tensors.find(b.target); it != p->tensors.end()) return it->second;
          if (p->objects.contains(b.target))
            throw LoadError(what + ": " + kind + " '" + b.target + "' is a custom object, which the executor does not load");
        }
        throw LoadError(what + ": " + kind + " '" + b.target + "' has no payload in " + where);
      };
      switch (b.kind) {
        case InputBinding::Kind::Parameter:
          state_[b.target] = find(weights, constants, "parameter", "data/weights");
          bound_[i] = state_[b.target];
          break;
        case InputBinding::Kind::Buffer:
          state_[b.target] = find(weights, constants, "buffer", "data/weights or data/constants");
          initial_[b.target] = state_[b.target].clone();
          bound_[i] = state_[b.target];
          break;
        case InputBinding::Kind::Constant:
          state_[b.target] = find(constants, weights, "constant", "data/constants");
          bound_[i] = state_[b.target];
          break;
        case InputBinding::Kind::Token: bound_[i] = at::empty({0}, at::TensorOptions().device(device_)); break;
        default:
          user_index_.push_back(i);
          user_names_.push_back(b.name);
          break;
      }
    }
    find_mutated_buffers();
  }

  std::vector<c10::IValue> run(std::vector<c10::IValue> inputs) override {
    checker_.check(inputs);
    for (std::size_t u = 0; u < inputs.size(); ++u) {
      if (!inputs[u].isTensor()) continue;
      const at::Tensor& t = inputs[u].toTensor();
      if (t.device() != device_)
        throw InputError("input '" + user_names_[u] + "': on " + t.device().str() + ", the runner is on " + device_.str());
    }
    std::vector<c10::IValue> graph_inputs = bound_;
    for (std::size_t u = 0; u < user_index_.size(); ++u) {
      const InputBinding& b = program_.inputs[user_index_[u]];
      const bool constant = b.kind == InputBinding::Kind::UserConstant || b.kind == InputBinding::Kind::ConstantInput;
      graph_inputs[user_index_[u]] = constant ? b.value : inputs[u];
    }
    c10::AutoGradMode no_grad(false);
    std::vector<c10::IValue> results = run_graph(*program_.graph, std::move(graph_inputs));
    std::vector<c10::IValue> out;
    try {
      for (std::size_t i = 0; i < program_.outputs.size() && i < results.size(); ++i) {
        const OutputBinding& o = program_.outputs[i];
        switch (o.kind) {
          case OutputBinding::Kind::User: out.push_back(std::move(results[i])); break;
          case OutputBinding::Kind::BufferMutation:
          case OutputBinding::Kind::ParameterMutation: {
            auto it = state_.find(o.target);
            if (it == state_.end()) throw ExecutionError("mutation of '" + o.target + "', which the program does not hold");
            it->second.copy_(results[i].toTensor());
            break;
          }
          case OutputBinding::Kind::UserInputMutation:
            inputs.at(static_cast<std::size_t>(o.user_input_index)).toTensor().copy_(results[i].toTensor());
            break;
          default: break;
        }
      }
    } catch (const ExecutionError&) {
      throw;
    } catch (const c10::Error& e) {
      throw ExecutionError(std::string("applying the program's mutations: ") + e.what_without_backtrace());
    }
    return out;
  }

  void reset_state() override {
    for (const auto& [name, initial] : initial_) state_.at(name).copy_(initial);
  }

  std::map<std::string, at::Tensor> mutated_buffers() const override {
    std::map<std::string, at::Tensor> out;
    for (const auto& name : mutated_) out[name] = state_.at(name);
    // An operator may mutate without a written alias in its schema (the training
    // IR's aten.batch_norm updates running_mean in place): a changed value counts too.
    for (const auto& [name, initial] : initial_) {
      if (out.contains(name)) continue;
      const at::Tensor& now = state_.at(name);
      if (now.sizes() != initial.sizes() || now.scalar_type() != initial.scalar_type() || !now.equal(initial))
        out[name] = now;
    }
    return out;
  }

  c10::Device device() const override { return device_; }
  std::size_t node_count() const override { return program_.graph->nodes.size(); }
  std::vector<std::string> user_inputs() const override { return user_names_; }

 private:
  // buffers_to_mutate targets, and buffers an operator of the top graph writes in place.
  void find_mutated_buffers() {
    for (const OutputBinding& o : program_.outputs)
      if (o.kind == OutputBinding::Kind::BufferMutation && initial_.contains(o.target)) mutated_.insert(o.target);
    std::map<int, std::string> buffer_slots;
    for (const InputBinding& b : program_.inputs)
      if (b.kind == InputBinding::Kind::Buffer && b.slot >= 0) buffer_slots[b.slot] = b.target;
    if (buffer_slots.empty()) return;
    for (const program::Node& node : program_.graph->nodes) {
      if (node.kind != program::NodeKind::Operator || !node.op) continue;
      const auto& arguments = node.op->schema().arguments();
      for (std::size_t a = 0; a < arguments.size() && a < node.args.size(); ++a) {
        const auto& alias = arguments[a].alias_info();
        if (!alias || !alias->isWrite() || node.args[a].kind != program::Operand::Kind::Slot) continue;
        if (auto it = buffer_slots.find(node.args[a].slot); it != buffer_slots.end()) mutated_.insert(it->second);
      }
    }
  }

  program::Program program_;
  c10::Device device_;
  InputChecker checker_;
  std::vector<c10::IValue> bound_;          // per input spec: state, tokens, constants
  std::vector<std::size_t> user_index_;     // input spec index of each user input
  std::vector<std::string> user_names_;
  std::map<std::string, at::Tensor> state_;    // FQN -> parameter, buffer, constant
  std::map<std::string, at::Tensor> initial_;  // buffers as loaded
  std::set<std::string> mutated_;              // buffers the program mutates (mutated_buffers)
};

}  // namespace

std::unique_ptr<ProgramRunner> ProgramRunner::load(const std::filesystem::path& archive_path, c10::Device device,
                                                   const std::string& model) {
  return load(archive_path, device, model, LoadOptions{});
}

std::unique_ptr<ProgramRunner> ProgramRunner::load(const std::filesystem::path& archive_path, c10::Device device,
                                                   const std::string& model, const LoadOptions& load_options) {
  // "cuda" means the first GPU, where tensors moved to "cuda" land (cuda:0):
  // the input checks compare devices exactly (found on the GPU machine).
  if (!device.is_cpu() && !device.has_index()) device = c10::Device(device.type(), 0);
  try {
    const ZipArchive archive = ZipArchive::map(archive_path.string());
    const program::StoredEntries stored(archive);
    if (load_options.verify_crc)
      for (const ZipEntry& e : archive.entries()) stored.verify_crc(e);
    const ModelEntry entry = pt2_model_entry(archive, model);
    const std::string top = pt2_top_folder(archive);
    program::BuildOptions options;
    options.device = device;
    options.symbolic = [](const std::string& target) {
      program::SymbolicFn fn = find_symbolic(target);
      return fn != nullptr ? fn : find_prims(target);
    };
    program::Program program = program::build_program(archive.read(entry.entry, kMaxModelJson), entry.entry, options);
    const std::string data = top + "/data/";
    program::Payloads weights = program::load_payloads(
        archive, data + "weights/" + entry.name + "_weights_config.json", data + "weights/", device, &stored);
    program::Payloads constants = program::load_payloads(
        archive, data + "constants/" + entry.name + "_constants_config.json", data + "constants/", device, &stored);
    return std::make_unique<Runner>(std::move(program), device, std::move(weights), std::move(constants));
  } catch (const LoadError&) {
    throw;
  } catch (const ArchiveError& e) {
    throw LoadError(e.what());
  } catch (const c10::Error& e) {
    throw LoadError(archive_path.string() + ": " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw LoadError(archive_path.string() + ": " + e.what());
  }
}

}  // namespace exportcheck::runtime

#pragma once
// exportcheck's reference executor: runs a PT2 archive's program through
// c10::Dispatcher, in C++, without Python (harness/OVERVIEW.md, "cpp" runtime).
// Callers see only this interface; harness/program/ builds the graph,
// harness/runtime/ runs it.
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <ATen/core/ivalue.h>
#include <c10/core/Device.h>

#include "harness/program/load_error.h"

namespace exportcheck::runtime {

// The archive's program cannot be built (program/load_error.h).
using LoadError = program::LoadError;

// An input the program refuses before running: count, kind, dtype, rank, or a
// dimension outside its range_constraints (derived ones such as 2*s0
// included). The message names the input and the dimension.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A node failed while running (kernel error, failed _assert_scalar, ...).
// The message names the node and its target.
struct ExecutionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ProgramRunner {
 public:
  struct LoadOptions {
    // Check every stored entry's CRC-32 against the zip directory (reads
    // every byte once). Off by default: the archive is mapped and weights are
    // tensors over its bytes, so loading touches no weight until it is used.
    bool verify_crc = false;
  };

  // Reads `models/<model>.json` and its weights and constants from the
  // archive and places them on `device`. The archive is mapped: on the CPU
  // the weights are views of the mapped file (program/stored_entries.h).
  // Throws LoadError.
  static std::unique_ptr<ProgramRunner> load(const std::filesystem::path& archive, c10::Device device,
                                             const std::string& model = "model");
  static std::unique_ptr<ProgramRunner> load(const std::filesystem::path& archive, c10::Device device,
                                             const std::string& model, const LoadOptions& options);
  virtual ~ProgramRunner() = default;

  // Flat user inputs in graph-signature order (tensors already on the
  // runner's device, ints, floats, bools, None, strings), as
  // torch.utils._pytree flattens (args, kwargs) with the program's in_spec.
  // Returns the flat user outputs in signature order. Buffer mutations stay
  // in this runner (as module() keeps them); user-input mutations are copied
  // into the given input tensors, as module() does.
  // Throws InputError (refused input) or ExecutionError.
  virtual std::vector<c10::IValue> run(std::vector<c10::IValue> inputs) = 0;

  // Restores every buffer to its value in the archive.
  virtual void reset_state() = 0;

  // The current value of every buffer the program mutates, keyed by FQN: the
  // graph signature's buffers_to_mutate targets, and (training IR, whose
  // buffers_to_mutate is empty) buffers an operator of the top graph writes in
  // place (a schema argument marked written, `Tensor(a!)`) or whose value
  // differs from the archive's (aten.batch_norm updates running stats without
  // saying so in its schema). The sequence stage compares them with eager
  // after the last call.
  virtual std::map<std::string, at::Tensor> mutated_buffers() const = 0;

  virtual c10::Device device() const = 0;
  virtual std::size_t node_count() const = 0;          // nodes of the top graph
  virtual std::vector<std::string> user_inputs() const = 0;  // placeholder names, signature order
};

}  // namespace exportcheck::runtime

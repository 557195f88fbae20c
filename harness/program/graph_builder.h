#pragma once
// models/<name>.json -> program::Program: signature bound to the top graph's
// input slots, every node's target resolved (operators through
// c10::Dispatcher, symbolic-int functions through `symbolic`, higher-order
// ops by name), every argument converted to an Operand. The only file of
// program/ that includes torch's export schema header.
#include <functional>
#include <string>

#include <c10/core/Device.h>

#include "harness/program/program.h"

namespace exportcheck::program {

struct BuildOptions {
  // Device arguments of nodes (torch.ones(..., device=...)) are placed here,
  // as torch.export's move_to_device_pass does.
  c10::Device device = c10::Device(c10::kCPU);
  // The runtime's native function for a target such as _operator.add or
  // torch.ops.aten.sym_size.int; nullptr if it has none.
  std::function<SymbolicFn(const std::string& target)> symbolic;
};

// LoadError naming `entry`, or the node and its target.
Program build_program(const std::string& json_text, const std::string& entry, const BuildOptions& options);

}  // namespace exportcheck::program

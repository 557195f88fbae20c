#pragma once
// The executable form of an ExportedProgram: graphs of nodes whose targets
// are resolved and whose arguments are already IValues or slot numbers. Built
// once at load by graph_builder.cpp (the only file here that reads torch's
// export schema); harness/runtime/ runs it without string lookups.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/ivalue.h>
#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>

namespace exportcheck::program {

struct Graph;

// How the elements of a list operand are packed for the kernel.
enum class ListKind { Tensor, OptionalTensor, Int, Float, Bool, String, Generic };

// One argument value of a node: a constant, a value slot of the graph's
// frame, a list of those, or a subgraph (cond/map/while_loop/scan).
struct Operand {
  enum class Kind { Constant, Slot, List, Graph };
  Kind kind = Kind::Constant;
  c10::IValue constant;       // Constant
  int slot = -1;              // Slot
  bool to_double = false;     // a float argument fed an int (sym int or literal)
  bool to_tensor = false;     // a Tensor argument fed a number: a wrapped-number tensor, as Python passes it
  ListKind list_kind = ListKind::Generic;
  std::vector<Operand> items;          // List: Constant or Slot items
  std::shared_ptr<const Graph> graph;  // Graph

  static Operand of_constant(c10::IValue v) {
    Operand o;
    o.constant = std::move(v);
    return o;
  }
  static Operand of_slot(int s) {
    Operand o;
    o.kind = Kind::Slot;
    o.slot = s;
    return o;
  }
};

// Where result i of a node goes: nowhere, one slot, or a list of slots
// (-1 for an element the program does not use).
struct OutputTarget {
  enum class Kind { Ignore, Slot, List };
  Kind kind = Kind::Ignore;
  int slot = -1;
  std::vector<int> slots;
};

// WithEffects: torch.ops.higher_order.with_effects(token, op, *args): an
// operator with a side effect (e.g. aten._linalg_check_errors), ordered by an
// effect token; returns (token, *op outputs).
// SetGradEnabled: wrap_with_set_grad_enabled(enable, subgraph, *args), a
// torch.no_grad() / torch.enable_grad() region of a strict export: the
// subgraph's outputs, computed with grad mode `enable`.
// Autocast: wrap_with_autocast(device_type, dtype, enabled, cache_enabled,
// subgraph, *args), a torch.autocast region of a strict export (settings in
// Node::autocast).
enum class NodeKind { Operator, Symbolic, Cond, Map, WhileLoop, Scan, WithEffects, SetGradEnabled, Autocast };

// The settings of a wrap_with_autocast region, as torch.autocast takes them.
struct AutocastRegion {
  c10::DeviceType device_type = c10::DeviceType::CPU;  // as written: a "cpu" region does not cast CUDA ops
  std::optional<c10::ScalarType> dtype;                 // nullopt: the device's autocast dtype when run
  bool enabled = true;
  std::optional<bool> cache_enabled;                    // nullopt: the cache setting when run
};

using SymbolicFn = c10::IValue (*)(const std::vector<c10::IValue>& args);

struct Node {
  std::string name;    // the node's name in the program (its first output)
  std::string target;  // as serialized, e.g. torch.ops.aten.add.Tensor
  NodeKind kind = NodeKind::Operator;
  std::optional<c10::OperatorHandle> op;  // Operator, WithEffects (the effectful op)
  SymbolicFn symbolic = nullptr;          // Symbolic
  // Operator: one per schema argument in schema order (defaults filled);
  // WithEffects: the token, then the op's arguments as for Operator;
  // SetGradEnabled: the enable flag (a Constant bool), the subgraph, its inputs;
  // Autocast: the subgraph, then its inputs (the settings are in `autocast`);
  // the others: in serialized order.
  std::vector<Operand> args;
  std::vector<OutputTarget> outputs;
  AutocastRegion autocast;  // Autocast
};

struct Graph {
  std::string name;
  int slot_count = 0;
  std::vector<int> inputs;        // slot per graph input (-1: a constant input)
  std::vector<Node> nodes;
  std::vector<Operand> outputs;   // Slot or Constant
};

// A size of a tensor meta: a literal or a symbolic expression text.
struct DimSpec {
  bool is_static = true;
  std::int64_t value = 0;
  std::string expr;  // sympy srepr or str text when !is_static
};

struct TensorSpec {
  c10::ScalarType dtype = c10::ScalarType::Undefined;
  std::vector<DimSpec> sizes;
};

// One input of the graph signature, bound to the top graph's input slot.
struct InputBinding {
  enum class Kind { UserTensor, UserSymInt, UserSymFloat, UserSymBool, UserConstant, Parameter, Buffer, Constant,
                    Token, ConstantInput };
  Kind kind = Kind::UserTensor;
  std::string name;    // placeholder name ("" for a constant user input)
  std::string target;  // parameter/buffer/constant FQN
  int slot = -1;
  bool persistent = true;
  std::optional<TensorSpec> spec;  // UserTensor
  std::string sym_expr;            // UserSymInt: its expression
  c10::IValue value;               // UserConstant / ConstantInput
};

// User inputs are what the caller passes (one flat input each), constant
// ones (ConstantArgument, CONSTANT_INPUT) included.
inline bool is_user_input(InputBinding::Kind k) {
  using K = InputBinding::Kind;
  return k == K::UserTensor || k == K::UserSymInt || k == K::UserSymFloat || k == K::UserSymBool ||
         k == K::UserConstant || k == K::ConstantInput;
}

// One output of the graph signature, in the order of the top graph's outputs.
struct OutputBinding {
  enum class Kind { User, BufferMutation, ParameterMutation, UserInputMutation, Token, Other };
  Kind kind = Kind::User;
  std::string target;        // buffer/parameter FQN or the user input's name
  int user_input_index = -1; // UserInputMutation: index among the user inputs
};

struct Range {
  std::optional<std::int64_t> min, max;
};

struct Program {
  std::shared_ptr<const Graph> graph;
  std::vector<InputBinding> inputs;    // input_specs order
  std::vector<OutputBinding> outputs;  // output_specs order (= graph outputs)
  std::map<std::string, Range> ranges; // range_constraints, key text as written
  std::string torch_version;
};

}  // namespace exportcheck::program

#pragma once
// A node's serialized arguments (name + value) matched to its operator's
// schema by name, else by position; missing ones take the schema default (or
// None for an optional argument); values are coerced to the schema type
// (list element kind, int -> float where a float is expected).
#include <string>
#include <vector>

#include <ATen/core/function_schema.h>

#include "harness/program/program.h"

namespace exportcheck::program {

struct NamedOperand {
  std::string name;  // "" = positional
  Operand value;
};

// A Python number passed where a Tensor is expected, as Python's argument
// parser passes it: a 0-dim CPU tensor marked as a wrapped number (so type
// promotion treats it as a scalar).
c10::IValue wrapped_number(const c10::IValue& number);

// One operand per schema argument, in schema order. LoadError
// naming `where` (node and target) for an unknown name, a duplicate, or a
// required argument without a value.
std::vector<Operand> match_to_schema(const c10::FunctionSchema& schema, std::vector<NamedOperand> given,
                                     const std::string& where);

}  // namespace exportcheck::program

#pragma once
// The value of an integer expression for given symbol values, with checked
// arithmetic: the runtime's input checks (derived sizes such as 2*s0, range
// constraints of expressions) rest on it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "harness/symbolic/expr.h"

namespace exportcheck::symbolic {

using Env = std::map<std::string, std::int64_t>;

// nullopt when a symbol has no value in `env`. SymbolicError on int64
// overflow, division or modulo by zero, a negative power, or anything that
// is not integer arithmetic (floats, relations, unknown functions).
std::optional<std::int64_t> evaluate(const Expr& e, const Env& env);

// SymbolicError naming the first part `evaluate` could never compute (a
// float, an unknown function, a call with the wrong arity), so a program is
// refused when it loads rather than on some later input.
void check_integer(const Expr& e);

}  // namespace exportcheck::symbolic

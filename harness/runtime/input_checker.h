#pragma once
// Checks flat user inputs against the program before it runs: count, kind,
// dtype, rank, every static size, every symbolic size against the value its
// symbol took elsewhere (derived sizes such as 2*s0 included, solving for a
// symbol seen only in a derived size), and every symbol and derived
// expression against range_constraints. InputError names the input and dim.
#include <string>
#include <vector>

#include <ATen/core/ivalue.h>

#include "harness/program/program.h"
#include "harness/runtime/sym_expression.h"

namespace exportcheck::runtime {

class InputChecker {
 public:
  // LoadError if a size expression or range key cannot be parsed.
  explicit InputChecker(const program::Program& program);

  void check(const std::vector<c10::IValue>& inputs) const;

 private:
  struct Dim {
    std::size_t input = 0;
    std::size_t dim = 0;
    bool is_static = true;
    std::int64_t value = 0;
    SymExpression expr;
    std::string text;       // the expression as infix text, for messages
    std::string canonical;  // SymExpression::canonical(), to match range keys
  };
  struct Input {
    const program::InputBinding* binding = nullptr;
    std::string label;  // "input 'x'"
  };
  struct RangeCheck {
    SymExpression expr;
    std::string key;
    program::Range range;
  };

  std::string where(const Dim& d) const;

  std::vector<Input> inputs_;
  std::vector<Dim> dims_;
  std::vector<RangeCheck> ranges_;
};

}  // namespace exportcheck::runtime

#pragma once
// Checks flat user inputs against the program before it runs: count, kind,
// dtype, rank, every static size, every symbolic size against the value its
// symbol took elsewhere (derived sizes such as 2*s0 included, solving for a
// symbol seen only in a derived size), and every symbol and derived
// expression against range_constraints. InputError names the input and dim.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/ivalue.h>

#include "harness/program/program.h"
#include "harness/symbolic/expr.h"

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
    symbolic::Expr expr;
    std::string text;  // symbolic::canonical(expr): for messages, and to match range keys
  };
  struct Input {
    const program::InputBinding* binding = nullptr;
    std::string label;  // "input 'x'"
    std::string symbol;  // a SymInt input that is a plain symbol: its name (parsed once, not per call)
  };
  struct RangeCheck {
    symbolic::Expr expr;
    std::string key;
    program::Range range;
  };

  // Where a symbol took its value: a dim of a tensor input, or a SymInt
  // input (dim == nullptr). Texts are built only for an error message: a
  // check that passes allocates none (it runs before every call).
  struct Source {
    const Input* input = nullptr;
    const Dim* dim = nullptr;
  };
  std::string where(const Dim& d) const;
  std::string where(const Source& s) const;
  // The expression's value; InputError naming `at()` on overflow or division by zero.
  template <typename At>
  static std::optional<std::int64_t> value_of(const symbolic::Expr& e, const std::map<std::string, std::int64_t>& values,
                                              const At& at);

  std::vector<Input> inputs_;
  std::vector<Dim> dims_;
  std::vector<RangeCheck> ranges_;
};

}  // namespace exportcheck::runtime

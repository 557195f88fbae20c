#pragma once
// Integer expressions over size symbols as torch writes them: sympy srepr
// (`Mul(Integer(2), Symbol('s77', positive=True, integer=True))`) in tensor
// metas and str() text (`2*s77`, `s77 + 1`) in range_constraints keys.
// Evaluated against symbol values bound from the inputs.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace exportcheck::runtime {

struct SymExpression {
  enum class Op { Number, Symbol, Add, Mul, FloorDiv, Mod, Pow, Max, Min };
  Op op = Op::Number;
  std::int64_t number = 0;
  std::string symbol;
  std::vector<SymExpression> args;

  bool is_symbol() const { return op == Op::Symbol; }
  std::set<std::string> symbols() const;
  // nullopt if a symbol is unbound (or on division by zero).
  std::optional<std::int64_t> evaluate(const std::map<std::string, std::int64_t>& values) const;
  // Canonical text (sums and products with sorted terms), equal for the srepr
  // and str forms of one expression.
  std::string canonical() const;
  // Readable infix text for messages ("2*s77", "s0 + 1").
  std::string text() const;
};

// nullopt if `text` is in neither form.
std::optional<SymExpression> parse_sym_expression(const std::string& text);

}  // namespace exportcheck::runtime

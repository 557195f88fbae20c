#pragma once
// Symbolic integer expressions as torch writes them into PT2 archives: sizes
// and sym values hold sympy srepr strings (`Mul(Integer(2), Symbol('s77',
// positive=True, integer=True))`), range_constraints keys hold str() text
// (`2*s77`). One grammar parses both forms into one tree; canonical.h prints
// it (golden IR, messages, matching keys) and evaluate.h computes it.
#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace exportcheck::symbolic {

// Sums and products are kept flat with their integer constants folded, so
// `-3*s0`, `Mul(Integer(-3), s0)` and `-(3*s0)` build the same tree.
struct Expr {
  enum class Kind { Int, Number, Sym, Bool, Name, Str, Call };
  Kind kind = Kind::Int;
  std::string text;  // Int/Number literal, symbol, constant name, string, function name
  std::vector<Expr> args;

  bool is_symbol() const { return kind == Kind::Sym; }
  bool is_call(std::string_view name) const { return kind == Kind::Call && text == name; }
};

// A parse failure (with the reason), or an expression that cannot be
// evaluated: overflow, division by zero, a non-integer or unknown function.
struct SymbolicError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Nesting beyond this (parentheses or calls) is a SymbolicError, not a stack overflow.
inline constexpr int kMaxDepth = 200;

// Throws SymbolicError if `text` is in neither form.
Expr parse(std::string_view text);
std::optional<Expr> try_parse(std::string_view text);

// The symbols the expression mentions.
std::set<std::string> symbols(const Expr& e);

// Tree helpers shared by the parser and the printer.
Expr integer(std::int64_t v);
std::optional<std::int64_t> int_value(const Expr& e);  // nullopt unless an Int within int64
Expr make_mul(std::vector<Expr> factors);
Expr make_add(std::vector<Expr> terms);
Expr make_neg(Expr e);

}  // namespace exportcheck::symbolic

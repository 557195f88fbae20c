#include "harness/symbolic/evaluate.h"

#include <algorithm>
#include <vector>

namespace exportcheck::symbolic {

namespace {

[[noreturn]] void overflow(const Expr& e) {
  throw SymbolicError("integer overflow in " + e.text);
}

std::int64_t checked_add(std::int64_t a, std::int64_t b, const Expr& e) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) overflow(e);
  return r;
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b, const Expr& e) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) overflow(e);
  return r;
}

// Python's // and % (sympy's FloorDiv, PythonMod): rounded toward -inf.
std::int64_t floordiv(std::int64_t a, std::int64_t b, const Expr& e) {
  if (b == 0) throw SymbolicError("division by zero in " + e.text);
  if (b == -1) return checked_mul(a, -1, e);
  std::int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t mod(std::int64_t a, std::int64_t b, const Expr& e) {
  if (b == 0) throw SymbolicError("modulo by zero in " + e.text);
  if (b == -1) return 0;
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

std::int64_t power(std::int64_t base, std::int64_t exp, const Expr& e) {
  if (exp < 0) throw SymbolicError("negative power in " + e.text + " is not an integer");
  std::int64_t r = 1;
  while (exp > 0) {  // squaring: the loop is log(exp), and each step is checked
    if (exp & 1) r = checked_mul(r, base, e);
    exp >>= 1;
    if (exp > 0) base = checked_mul(base, base, e);
  }
  return r;
}

struct Function {
  const char* name;
  std::size_t min_args, max_args;  // max 0: any number
};

// The integer functions torch writes into sizes and range keys.
constexpr Function kFunctions[] = {
    {"Add", 1, 0},      {"Mul", 1, 0},       {"FloorDiv", 2, 2}, {"CleanDiv", 2, 2}, {"Mod", 2, 2},
    {"PythonMod", 2, 2}, {"Pow", 2, 2},      {"PowByNatural", 2, 2}, {"Max", 1, 0}, {"Min", 1, 0},
    {"Abs", 1, 1},
};

const Function* function(const std::string& name) {
  for (const Function& f : kFunctions)
    if (name == f.name) return &f;
  return nullptr;
}

// The call's function, known and with an arity it takes; SymbolicError otherwise.
const Function& checked_call(const Expr& e) {
  const Function* f = function(e.text);
  if (!f) throw SymbolicError("'" + e.text + "' is not an integer function this checker evaluates");
  if (e.args.size() < f->min_args || (f->max_args && e.args.size() > f->max_args))
    throw SymbolicError(e.text + " with " + std::to_string(e.args.size()) + " arguments");
  return *f;
}

}  // namespace

void check_integer(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Int:
      if (!int_value(e)) throw SymbolicError("integer " + e.text + " does not fit in int64");
      return;
    case Expr::Kind::Sym: return;
    case Expr::Kind::Call: {
      checked_call(e);
      for (const Expr& a : e.args) check_integer(a);
      return;
    }
    default: throw SymbolicError("'" + e.text + "' is not an integer");
  }
}

std::optional<std::int64_t> evaluate(const Expr& e, const Env& env) {
  switch (e.kind) {
    case Expr::Kind::Int:
      if (auto v = int_value(e)) return v;
      throw SymbolicError("integer " + e.text + " does not fit in int64");
    case Expr::Kind::Sym: {
      auto it = env.find(e.text);
      if (it == env.end()) return std::nullopt;
      return it->second;
    }
    case Expr::Kind::Call: break;
    default: throw SymbolicError("'" + e.text + "' is not an integer");
  }
  checked_call(e);
  std::vector<std::int64_t> v;
  v.reserve(e.args.size());
  for (const Expr& a : e.args) {
    auto x = evaluate(a, env);
    if (!x) return std::nullopt;
    v.push_back(*x);
  }
  const std::string& n = e.text;
  if (n == "Add") {
    std::int64_t r = 0;
    for (auto x : v) r = checked_add(r, x, e);
    return r;
  }
  if (n == "Mul") {
    std::int64_t r = 1;
    for (auto x : v) r = checked_mul(r, x, e);
    return r;
  }
  if (n == "FloorDiv" || n == "CleanDiv") return floordiv(v[0], v[1], e);
  if (n == "Mod" || n == "PythonMod") return mod(v[0], v[1], e);
  if (n == "Pow" || n == "PowByNatural") return power(v[0], v[1], e);
  if (n == "Max") return *std::max_element(v.begin(), v.end());
  if (n == "Min") return *std::min_element(v.begin(), v.end());
  // Abs
  return v[0] < 0 ? checked_mul(v[0], -1, e) : v[0];
}

}  // namespace exportcheck::symbolic

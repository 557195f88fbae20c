#include "harness/symbolic/expr.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "harness/symbolic/tree.h"

namespace exportcheck::symbolic {

Expr leaf(Expr::Kind kind, std::string text) { return Expr{kind, std::move(text), {}}; }
Expr call(std::string name, std::vector<Expr> args) { return Expr{Expr::Kind::Call, std::move(name), std::move(args)}; }
Expr integer(std::int64_t v) { return leaf(Expr::Kind::Int, std::to_string(v)); }

std::optional<std::int64_t> int_value(const Expr& e) {
  if (e.kind != Expr::Kind::Int) return std::nullopt;
  std::int64_t v = 0;
  const char* end = e.text.data() + e.text.size();
  auto [p, ec] = std::from_chars(e.text.data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;  // beyond int64: left unfolded
  return v;
}

// Folds integer factors of a product into one leading coefficient and flattens
// nested products, so `-3*s0`, `Mul(Integer(-3), s0)` and `-(3*s0)` agree.
Expr make_mul(std::vector<Expr> factors) {
  std::vector<Expr> flat;
  std::int64_t coeff = 1;
  bool folded = false;
  for (Expr& f : factors) {
    std::vector<Expr> parts = f.is_call("Mul") ? std::move(f.args) : std::vector<Expr>{std::move(f)};
    for (Expr& p : parts) {
      std::int64_t product = 0;
      if (auto v = int_value(p); v && !__builtin_mul_overflow(coeff, *v, &product)) {
        coeff = product;
        folded = true;
        continue;
      }
      flat.push_back(std::move(p));
    }
  }
  if (flat.empty()) return integer(coeff);
  // A rational coefficient absorbs the integer one: Rational(-3, 2), not -1*Rational(3, 2).
  auto rational = std::find_if(flat.begin(), flat.end(), [](const Expr& f) {
    return f.kind == Expr::Kind::Call && f.text == "Rational" && f.args.size() == 2 && int_value(f.args[0]);
  });
  std::int64_t p = 0;
  if (folded && coeff != 1 && rational != flat.end() &&
      !__builtin_mul_overflow(coeff, *int_value(rational->args[0]), &p)) {
    rational->args[0] = integer(p);
    coeff = 1;
  }
  if (folded && coeff != 1) flat.insert(flat.begin(), integer(coeff));
  if (flat.size() == 1) return std::move(flat.front());
  return call("Mul", std::move(flat));
}

Expr make_add(std::vector<Expr> terms) {
  std::vector<Expr> flat;
  std::int64_t constant = 0;
  bool folded = false;
  for (Expr& t : terms) {
    std::vector<Expr> parts = t.is_call("Add") ? std::move(t.args) : std::vector<Expr>{std::move(t)};
    for (Expr& p : parts) {
      std::int64_t sum = 0;
      if (auto v = int_value(p); v && !__builtin_add_overflow(constant, *v, &sum)) {
        constant = sum;
        folded = true;
        continue;
      }
      flat.push_back(std::move(p));
    }
  }
  if (flat.empty()) return integer(constant);
  if (folded && constant != 0) flat.push_back(integer(constant));
  if (flat.size() == 1) return std::move(flat.front());
  return call("Add", std::move(flat));
}

Expr make_neg(Expr e) {
  if (auto v = int_value(e); v && *v != std::numeric_limits<std::int64_t>::min()) return integer(-*v);
  if (e.kind == Expr::Kind::Number) {
    e.text = e.text.starts_with('-') ? e.text.substr(1) : "-" + e.text;
    return e;
  }
  std::vector<Expr> f;
  f.push_back(integer(-1));
  f.push_back(std::move(e));
  return make_mul(std::move(f));
}

std::set<std::string> symbols(const Expr& e) {
  std::set<std::string> out;
  if (e.kind == Expr::Kind::Sym) out.insert(e.text);
  for (const Expr& a : e.args) out.merge(symbols(a));
  return out;
}

}  // namespace exportcheck::symbolic

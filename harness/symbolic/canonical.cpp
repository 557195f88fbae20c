#include "harness/symbolic/canonical.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "harness/symbolic/tree.h"

namespace exportcheck::symbolic {

namespace {

enum Prec { kOr = 10, kAnd = 20, kNot = 30, kRel = 35, kAdd = 40, kMul = 50, kPow = 60, kAtom = 100 };

class Printer {
 public:
  explicit Printer(const SymbolNamer& name) : name_(name) {}

  struct Out {
    std::string text;
    int prec;
  };

  Out print(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Int:
      case Expr::Kind::Number:
        return {e.text, e.text.starts_with('-') ? int{kMul} : int{kAtom}};
      case Expr::Kind::Sym: return {name_(e.text), kAtom};
      case Expr::Kind::Bool:
      case Expr::Kind::Name: return {e.text, kAtom};
      case Expr::Kind::Str: return {"'" + e.text + "'", kAtom};
      case Expr::Kind::Call: return print_call(e);
    }
    return {e.text, kAtom};
  }

 private:
  std::string paren(const Out& o, int min_prec) { return o.prec < min_prec ? "(" + o.text + ")" : o.text; }
  std::string paren(const Expr& e, int min_prec) { return paren(print(e), min_prec); }

  std::vector<std::string> printed_args(const Expr& e, int min_prec, bool sorted) {
    std::vector<std::string> out;
    for (const Expr& a : e.args) out.push_back(paren(a, min_prec));
    if (sorted) std::sort(out.begin(), out.end());
    return out;
  }
  static std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(sep) : "") + parts[i];
    return out;
  }

  Out print_call(const Expr& e) {
    const std::string& f = e.text;
    if (f == "Add") return print_add(e);
    if (f == "Mul") return print_mul(e);
    if (f == "Pow" && e.args.size() == 2) {
      if (auto v = int_value(e.args[1]); v && *v < 0) return print_mul(call("Mul", {e}));  // 1/x
      return {paren(e.args[0], kPow + 1) + "**" + paren(e.args[1], kAtom), kPow};
    }
    if (f == "Rational" && e.args.size() == 2)
      return {print(e.args[0]).text + "/" + print(e.args[1]).text, kMul};
    if (f == "FloorDiv" && e.args.size() == 2)
      return {"(" + paren(e.args[0], kAtom) + "//" + paren(e.args[1], kAtom) + ")", kAtom};
    static const std::pair<std::string_view, std::string_view> kRelations[] = {
        {"StrictGreaterThan", " > "}, {"GreaterThan", " >= "}, {"StrictLessThan", " < "}, {"LessThan", " <= "}};
    for (const auto& [name, op] : kRelations)
      if (f == name && e.args.size() == 2)
        return {paren(e.args[0], kRel + 1) + std::string(op) + paren(e.args[1], kRel + 1), kRel};
    if (f == "Equality" && e.args.size() == 2) return {"Eq(" + join(printed_args(e, 0, false), ", ") + ")", kAtom};
    if (f == "Unequality" && e.args.size() == 2) return {"Ne(" + join(printed_args(e, 0, false), ", ") + ")", kAtom};
    if (f == "And") return {join(printed_args(e, kAtom, true), " & "), kAnd};
    if (f == "Or") return {join(printed_args(e, kAtom, true), " | "), kOr};
    if (f == "Not" && e.args.size() == 1) return {"~" + paren(e.args[0], kAtom), kNot};
    // Commutative functions print their arguments in a fixed order.
    const bool sorted = f == "Max" || f == "Min";
    return {f + "(" + join(printed_args(e, 0, sorted), ", ") + ")", kAtom};
  }

  static bool is_negative(const Expr& e) {
    if (e.kind == Expr::Kind::Int || e.kind == Expr::Kind::Number) return e.text.starts_with('-');
    if (e.is_call("Mul") && !e.args.empty()) return is_negative(e.args.front());
    if (e.is_call("Rational") && e.args.size() == 2) return is_negative(e.args.front());
    return false;
  }
  static bool is_constant(const Expr& e) {
    return e.kind == Expr::Kind::Int || e.kind == Expr::Kind::Number || e.is_call("Rational");
  }

  // Terms ordered by their symbolic part (so `2*s0 + s1`), constants last.
  Out print_add(const Expr& e) {
    struct Term {
      bool constant, negative;
      std::string key, text;
    };
    std::vector<Term> terms;
    for (const Expr& t : e.args) {
      const bool negative = is_negative(t);
      const Expr magnitude = negative ? negate(t) : t;
      const Out o = print(magnitude);
      std::string key = o.text;
      if (magnitude.is_call("Mul") && is_constant(magnitude.args.front())) {
        std::vector<Expr> rest(magnitude.args.begin() + 1, magnitude.args.end());
        key = print(make_mul(std::move(rest))).text;
      }
      terms.push_back({is_constant(t), negative, key, paren(o, kAdd + 1)});
    }
    std::stable_sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
      if (a.constant != b.constant) return b.constant;
      return a.key != b.key ? a.key < b.key : a.text < b.text;
    });
    std::string out;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (i == 0) out = (terms[i].negative ? "-" : "") + terms[i].text;
      else out += (terms[i].negative ? " - " : " + ") + terms[i].text;
    }
    return {out, kAdd};
  }

  static Expr negate(const Expr& e) { return make_neg(e); }

  // coefficient * factors / denominators, e.g. `3*s0/2`, `-s0`, `s0/(s1*s2)`.
  Out print_mul(const Expr& e) {
    std::string coeff = "1", den_coeff;
    std::vector<std::string> num, den;
    for (const Expr& f : e.args) {
      if (f.kind == Expr::Kind::Int || f.kind == Expr::Kind::Number) {
        coeff = f.text;
      } else if (f.is_call("Rational") && f.args.size() == 2) {
        coeff = print(f.args[0]).text;
        den_coeff = print(f.args[1]).text;
      } else if (f.is_call("Pow") && f.args.size() == 2 && int_value(f.args[1]).value_or(0) < 0) {
        const std::int64_t n = -*int_value(f.args[1]);
        den.push_back(n == 1 ? paren(f.args[0], kMul + 1) : paren(f.args[0], kPow + 1) + "**" + std::to_string(n));
      } else {
        num.push_back(paren(f, kMul));
      }
    }
    std::sort(num.begin(), num.end());
    std::sort(den.begin(), den.end());
    if (!den_coeff.empty()) den.insert(den.begin(), den_coeff);
    std::string out;
    if (num.empty()) out = coeff;
    else if (coeff == "1") out = join(num, "*");
    else if (coeff == "-1") out = "-" + join(num, "*");
    else out = coeff + "*" + join(num, "*");
    if (!den.empty()) out += "/" + (den.size() == 1 ? den.front() : "(" + join(den, "*") + ")");
    return {out, kMul};
  }

  const SymbolNamer& name_;
};

}  // namespace

std::string canonical(const Expr& e, const SymbolNamer& name) { return Printer(name).print(e).text; }

std::string canonical(const Expr& e) {
  static const SymbolNamer same = [](const std::string& s) { return s; };
  return canonical(e, same);
}

std::string canonical(const Expr& e, SymbolRenamer& renamer) {
  return canonical(e, [&renamer](const std::string& s) { return renamer.rename(s); });
}

std::string render(std::string_view text, SymbolRenamer& renamer) {
  if (auto tree = try_parse(text)) return canonical(*tree, renamer);
  return renamer.rename_words(text, true);
}

}  // namespace exportcheck::symbolic

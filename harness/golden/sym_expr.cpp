#include "harness/golden/sym_expr.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

namespace exportcheck {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

// Splits "s77" into ("s", "77"); nullopt unless lowercase letters then digits.
std::optional<std::string> symbol_prefix(std::string_view word) {
  std::size_t i = 0;
  while (i < word.size() && std::islower(static_cast<unsigned char>(word[i]))) ++i;
  if (i == 0 || i == word.size()) return std::nullopt;
  for (std::size_t j = i; j < word.size(); ++j)
    if (!is_digit(word[j])) return std::nullopt;
  return std::string(word.substr(0, i));
}

// ---- expression tree -------------------------------------------------------

struct Expr {
  enum class Kind { Int, Number, Sym, Bool, Name, Str, Call };
  Kind kind = Kind::Int;
  std::string text;  // Int/Number literal, symbol, constant name, string, function name
  std::vector<Expr> args;
};

Expr leaf(Expr::Kind kind, std::string text) { return Expr{kind, std::move(text), {}}; }
Expr call(std::string name, std::vector<Expr> args) { return Expr{Expr::Kind::Call, std::move(name), std::move(args)}; }
Expr integer(long long v) { return leaf(Expr::Kind::Int, std::to_string(v)); }

std::optional<long long> int_value(const Expr& e) {
  if (e.kind != Expr::Kind::Int) return std::nullopt;
  long long v = 0;
  const char* end = e.text.data() + e.text.size();
  auto [p, ec] = std::from_chars(e.text.data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;  // beyond int64: leave unfolded
  return v;
}

bool is_call(const Expr& e, std::string_view name) { return e.kind == Expr::Kind::Call && e.text == name; }

// Folds integer factors of a product into one leading coefficient and flattens
// nested products, so `-3*s0`, `Mul(Integer(-3), s0)` and `-(3*s0)` agree.
Expr make_mul(std::vector<Expr> factors) {
  std::vector<Expr> flat;
  long long coeff = 1;
  bool folded = false;
  for (Expr& f : factors) {
    std::vector<Expr> parts = is_call(f, "Mul") ? std::move(f.args) : std::vector<Expr>{std::move(f)};
    for (Expr& p : parts) {
      if (auto v = int_value(p); v && !__builtin_mul_overflow(coeff, *v, &coeff)) { folded = true; continue; }
      flat.push_back(std::move(p));
    }
  }
  if (flat.empty()) return integer(coeff);
  // A rational coefficient absorbs the integer one: Rational(-3, 2), not -1*Rational(3, 2).
  auto rational = std::find_if(flat.begin(), flat.end(), [](const Expr& f) {
    return f.kind == Expr::Kind::Call && f.text == "Rational" && f.args.size() == 2 && int_value(f.args[0]);
  });
  long long p = 0;
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
  long long constant = 0;
  bool folded = false;
  for (Expr& t : terms) {
    std::vector<Expr> parts = is_call(t, "Add") ? std::move(t.args) : std::vector<Expr>{std::move(t)};
    for (Expr& p : parts) {
      if (auto v = int_value(p); v && !__builtin_add_overflow(constant, *v, &constant)) { folded = true; continue; }
      flat.push_back(std::move(p));
    }
  }
  if (flat.empty()) return integer(constant);
  if (folded && constant != 0) flat.push_back(integer(constant));
  if (flat.size() == 1) return std::move(flat.front());
  return call("Add", std::move(flat));
}

Expr make_neg(Expr e) {
  if (auto v = int_value(e); v && *v != std::numeric_limits<long long>::min()) return integer(-*v);
  if (e.kind == Expr::Kind::Number) {
    e.text = e.text.starts_with('-') ? e.text.substr(1) : "-" + e.text;
    return e;
  }
  std::vector<Expr> f;
  f.push_back(integer(-1));
  f.push_back(std::move(e));
  return make_mul(std::move(f));
}

// ---- parser: sympy srepr and str() forms, one grammar ----------------------

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Expr parse() {
    Expr e = parse_or();
    skip_space();
    if (pos_ != s_.size()) throw ParseError("trailing text");
    return e;
  }

 private:
  static constexpr int kMaxDepth = 200;  // deeper text falls back to verbatim

  struct DepthGuard {
    explicit DepthGuard(int& d) : d_(d) {
      if (++d_ > kMaxDepth) throw ParseError("too deep");
    }
    ~DepthGuard() { --d_; }
    int& d_;
  };

  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(std::string_view op) {
    skip_space();
    if (s_.substr(pos_, op.size()) != op) return false;
    pos_ += op.size();
    return true;
  }
  // `op` but not the start of a longer operator (`*` vs `**`, `<` vs `<=`).
  bool eat_exact(std::string_view op, std::string_view not_followed_by) {
    skip_space();
    if (s_.substr(pos_, op.size()) != op) return false;
    const std::size_t next = pos_ + op.size();
    if (next < s_.size() && not_followed_by.find(s_[next]) != std::string_view::npos) return false;
    pos_ = next;
    return true;
  }
  void expect(std::string_view op) {
    if (!eat(op)) throw ParseError("expected " + std::string(op));
  }

  Expr parse_or() {
    DepthGuard g(depth_);
    std::vector<Expr> args{parse_and()};
    while (eat("|")) args.push_back(parse_and());
    return args.size() == 1 ? std::move(args.front()) : call("Or", std::move(args));
  }
  Expr parse_and() {
    std::vector<Expr> args{parse_not()};
    while (eat("&")) args.push_back(parse_not());
    return args.size() == 1 ? std::move(args.front()) : call("And", std::move(args));
  }
  Expr parse_not() {
    DepthGuard g(depth_);
    if (eat("~")) return call("Not", {parse_not()});
    return parse_compare();
  }
  Expr parse_compare() {
    Expr lhs = parse_sum();
    static const std::pair<std::string_view, std::string_view> kOps[] = {
        {"<=", "LessThan"}, {">=", "GreaterThan"}, {"==", "Equality"}, {"!=", "Unequality"},
        {"<", "StrictLessThan"}, {">", "StrictGreaterThan"}};
    for (const auto& [op, name] : kOps)
      if (eat(op)) return call(std::string(name), {std::move(lhs), parse_sum()});
    return lhs;
  }
  Expr parse_sum() {
    std::vector<Expr> terms{parse_term()};
    while (true) {
      if (eat("+")) terms.push_back(parse_term());
      else if (eat("-")) terms.push_back(make_neg(parse_term()));
      else break;
    }
    return terms.size() == 1 ? std::move(terms.front()) : make_add(std::move(terms));
  }
  Expr parse_term() {
    Expr lhs = parse_unary();
    while (true) {
      if (eat("//")) {
        lhs = call("FloorDiv", {std::move(lhs), parse_unary()});
      } else if (eat_exact("*", "*")) {
        lhs = make_mul({std::move(lhs), parse_unary()});
      } else if (eat_exact("/", "/")) {
        lhs = make_mul({std::move(lhs), call("Pow", {parse_unary(), integer(-1)})});
      } else if (eat("%")) {
        lhs = call("Mod", {std::move(lhs), parse_unary()});
      } else {
        return lhs;
      }
    }
  }
  Expr parse_unary() {
    DepthGuard g(depth_);
    if (eat_exact("-", "")) return make_neg(parse_unary());
    if (eat_exact("+", "")) return parse_unary();
    return parse_power();
  }
  Expr parse_power() {
    Expr base = parse_atom();
    if (eat("**")) return call("Pow", {std::move(base), parse_unary()});
    return base;
  }

  Expr parse_atom() {
    DepthGuard g(depth_);
    skip_space();
    if (pos_ >= s_.size()) throw ParseError("unexpected end");
    const char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      Expr e = parse_or();
      expect(")");
      return e;
    }
    if (c == '\'' || c == '"') return leaf(Expr::Kind::Str, parse_string());
    if (is_digit(c) || (c == '.' && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1]))) return parse_number();
    if (!is_ident_start(c)) throw ParseError("unexpected character");
    std::string name = parse_ident();
    if (eat("(")) return make_call(std::move(name), parse_args());
    return make_name(std::move(name));
  }

  std::string parse_ident() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_ident_char(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }
  std::string parse_string() {
    const char quote = s_[pos_++];
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
      out += s_[pos_++];
    }
    if (pos_ >= s_.size()) throw ParseError("unterminated string");
    ++pos_;
    return out;
  }
  Expr parse_number() {
    const std::size_t start = pos_;
    bool real = false;
    while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      real = true;
      ++pos_;
      while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      real = true;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    }
    return leaf(real ? Expr::Kind::Number : Expr::Kind::Int, std::string(s_.substr(start, pos_ - start)));
  }
  // Call arguments; keyword arguments (Symbol's assumptions, Float's
  // precision) say nothing about the value and are dropped.
  std::vector<Expr> parse_args() {
    std::vector<Expr> args;
    if (eat(")")) return args;
    do {
      skip_space();
      const std::size_t save = pos_;
      if (pos_ < s_.size() && is_ident_start(s_[pos_])) {
        parse_ident();
        if (eat_exact("=", "=")) {
          parse_or();
          continue;
        }
        pos_ = save;
      }
      args.push_back(parse_or());
    } while (eat(","));
    expect(")");
    return args;
  }

  static Expr make_name(std::string name) {
    if (name == "True" || name == "true") return leaf(Expr::Kind::Bool, "True");
    if (name == "False" || name == "false") return leaf(Expr::Kind::Bool, "False");
    if (name == "oo" || name == "zoo" || name == "nan" || name == "int_oo" || name == "E" || name == "pi")
      return leaf(Expr::Kind::Name, name);
    return leaf(Expr::Kind::Sym, std::move(name));
  }

  static Expr make_call(std::string name, std::vector<Expr> args) {
    auto one = [&](Expr::Kind kind) -> const Expr& {
      if (args.size() != 1 || args[0].kind != kind) throw ParseError(name + " with unexpected arguments");
      return args[0];
    };
    if (name == "Symbol" || name == "Dummy") return leaf(Expr::Kind::Sym, one(Expr::Kind::Str).text);
    if (name == "Integer") return leaf(Expr::Kind::Int, one(Expr::Kind::Int).text);
    if (name == "Float") {
      if (args.size() != 1 || (args[0].kind != Expr::Kind::Str && args[0].kind != Expr::Kind::Number &&
                               args[0].kind != Expr::Kind::Int))
        throw ParseError("Float with unexpected arguments");
      return leaf(Expr::Kind::Number, args[0].text);
    }
    if (name == "BooleanTrue") return leaf(Expr::Kind::Bool, "True");
    if (name == "BooleanFalse") return leaf(Expr::Kind::Bool, "False");
    if (name == "Add") return make_add(std::move(args));
    if (name == "Mul") return make_mul(std::move(args));
    static const std::pair<std::string_view, std::string_view> kAliases[] = {
        {"Eq", "Equality"}, {"Ne", "Unequality"}, {"Lt", "StrictLessThan"},
        {"Le", "LessThan"}, {"Gt", "StrictGreaterThan"}, {"Ge", "GreaterThan"}};
    for (const auto& [alias, full] : kAliases)
      if (name == alias) name = full;
    return call(std::move(name), std::move(args));
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

// ---- printer ----------------------------------------------------------------

enum Prec { kOr = 10, kAnd = 20, kNot = 30, kRel = 35, kAdd = 40, kMul = 50, kPow = 60, kAtom = 100 };

class Printer {
 public:
  explicit Printer(SymbolRenamer& r) : renamer_(r) {}

  struct Out {
    std::string text;
    int prec;
  };

  Out print(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Int:
      case Expr::Kind::Number:
        return {e.text, e.text.starts_with('-') ? int{kMul} : int{kAtom}};
      case Expr::Kind::Sym: return {renamer_.rename(e.text), kAtom};
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
    if (is_call(e, "Mul") && !e.args.empty()) return is_negative(e.args.front());
    if (is_call(e, "Rational") && e.args.size() == 2) return is_negative(e.args.front());
    return false;
  }
  static bool is_constant(const Expr& e) {
    return e.kind == Expr::Kind::Int || e.kind == Expr::Kind::Number || is_call(e, "Rational");
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
      if (is_call(magnitude, "Mul") && is_constant(magnitude.args.front())) {
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
      } else if (is_call(f, "Rational") && f.args.size() == 2) {
        coeff = print(f.args[0]).text;
        den_coeff = print(f.args[1]).text;
      } else if (is_call(f, "Pow") && f.args.size() == 2 && int_value(f.args[1]).value_or(0) < 0) {
        const long long n = -*int_value(f.args[1]);
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

  SymbolRenamer& renamer_;
};

}  // namespace

std::string SymbolRenamer::rename(const std::string& symbol) {
  if (auto it = names_.find(symbol); it != names_.end()) return it->second;
  const auto prefix = symbol_prefix(symbol);
  if (!prefix) return symbol;
  std::string name = *prefix + std::to_string(next_[*prefix]++);
  names_.emplace(symbol, name);
  return name;
}

std::string SymbolRenamer::lookup(const std::string& symbol) const {
  auto it = names_.find(symbol);
  return it == names_.end() ? std::string() : it->second;
}

std::string SymbolRenamer::rename_words(std::string_view text, bool assign_new) {
  static const std::string_view kTorchPrefixes[] = {"s", "u", "zf", "zuf", "ps"};
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_ident_start(text[i])) {
      out += text[i++];
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && is_ident_char(text[i])) ++i;
    const std::string word(text.substr(start, i - start));
    std::string renamed = lookup(word);
    if (renamed.empty() && assign_new) {
      const auto prefix = symbol_prefix(word);
      if (prefix && std::find(std::begin(kTorchPrefixes), std::end(kTorchPrefixes), *prefix) != std::end(kTorchPrefixes))
        renamed = rename(word);
    }
    out += renamed.empty() ? word : renamed;
  }
  return out;
}

std::string render_sym_expr(std::string_view text, SymbolRenamer& renamer) {
  Expr tree;
  try {
    tree = Parser(text).parse();
  } catch (const ParseError&) {
    return renamer.rename_words(text, true);
  }
  return Printer(renamer).print(tree).text;
}

}  // namespace exportcheck

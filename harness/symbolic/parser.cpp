#include <cctype>
#include <string>
#include <utility>

#include "harness/symbolic/expr.h"
#include "harness/symbolic/tree.h"

// One grammar for sympy's srepr (`Add(Integer(1), Symbol('s0'))`) and str()
// (`s0 + 1`) forms: precedence | & ~ relations + - * / // % unary ** atoms,
// `**` binding tighter than `*` and unary minus (as in Python).
namespace exportcheck::symbolic {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Expr parse() {
    Expr e = parse_or();
    skip_space();
    if (pos_ != s_.size()) throw SymbolicError("trailing text");
    return e;
  }

 private:
  struct DepthGuard {
    explicit DepthGuard(int& d) : d_(d) {
      if (++d_ > kMaxDepth) throw SymbolicError("nested more than " + std::to_string(kMaxDepth) + " levels deep");
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
    if (!eat(op)) throw SymbolicError("expected " + std::string(op));
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
    if (pos_ >= s_.size()) throw SymbolicError("unexpected end");
    const char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      Expr e = parse_or();
      expect(")");
      return e;
    }
    if (c == '\'' || c == '"') return leaf(Expr::Kind::Str, parse_string());
    if (is_digit(c) || (c == '.' && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1]))) return parse_number();
    if (!is_ident_start(c)) throw SymbolicError("unexpected character");
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
    if (pos_ >= s_.size()) throw SymbolicError("unterminated string");
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
      if (args.size() != 1 || args[0].kind != kind) throw SymbolicError(name + " with unexpected arguments");
      return args[0];
    };
    if (name == "Symbol" || name == "Dummy") return leaf(Expr::Kind::Sym, one(Expr::Kind::Str).text);
    if (name == "Integer") return leaf(Expr::Kind::Int, one(Expr::Kind::Int).text);
    if (name == "Float") {
      if (args.size() != 1 || (args[0].kind != Expr::Kind::Str && args[0].kind != Expr::Kind::Number &&
                               args[0].kind != Expr::Kind::Int))
        throw SymbolicError("Float with unexpected arguments");
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

}  // namespace

Expr parse(std::string_view text) { return Parser(text).parse(); }

std::optional<Expr> try_parse(std::string_view text) {
  try {
    return Parser(text).parse();
  } catch (const SymbolicError&) {
    return std::nullopt;
  }
}

}  // namespace exportcheck::symbolic

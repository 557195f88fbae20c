#include "harness/runtime/sym_expression.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace exportcheck::runtime {

namespace {

struct ParseFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  SymExpression parse() {
    SymExpression e = sum();
    skip();
    if (pos_ != s_.size()) throw ParseFailure("trailing text");
    return e;
  }

 private:
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(const char* token) {
    skip();
    const std::size_t n = std::char_traits<char>::length(token);
    if (s_.compare(pos_, n, token) == 0) {
      pos_ += n;
      return true;
    }
    return false;
  }
  void expect(const char* token) {
    if (!eat(token)) throw ParseFailure(std::string("expected ") + token);
  }

  // Sums and products are kept flat, and products of numbers folded, so that
  // both text forms of one expression build the same tree.
  static SymExpression node(SymExpression::Op op, std::vector<SymExpression> args) {
    SymExpression e;
    e.op = op;
    const bool flat = op == SymExpression::Op::Add || op == SymExpression::Op::Mul;
    for (SymExpression& a : args) {
      if (flat && a.op == op) {
        for (SymExpression& inner : a.args) e.args.push_back(std::move(inner));
      } else {
        e.args.push_back(std::move(a));
      }
    }
    if (op == SymExpression::Op::Mul &&
        std::all_of(e.args.begin(), e.args.end(), [](const SymExpression& x) { return x.op == SymExpression::Op::Number; })) {
      std::int64_t r = 1;
      for (const SymExpression& x : e.args) r *= x.number;
      return number(r);
    }
    return e;
  }
  static SymExpression number(std::int64_t v) {
    SymExpression e;
    e.number = v;
    return e;
  }

  SymExpression sum() {
    std::vector<SymExpression> terms{product()};
    for (;;) {
      if (eat("+")) terms.push_back(product());
      else if (eat("-")) terms.push_back(node(SymExpression::Op::Mul, {number(-1), product()}));
      else break;
    }
    return terms.size() == 1 ? terms.front() : node(SymExpression::Op::Add, std::move(terms));
  }

  SymExpression product() {
    SymExpression left = unary();
    for (;;) {
      if (eat("//")) left = node(SymExpression::Op::FloorDiv, {left, unary()});
      else if (eat("**")) left = node(SymExpression::Op::Pow, {left, unary()});
      else if (eat("*")) left = node(SymExpression::Op::Mul, {left, unary()});
      else if (eat("%")) left = node(SymExpression::Op::Mod, {left, unary()});
      else break;
    }
    return left;
  }

  SymExpression unary() {
    if (eat("-")) return node(SymExpression::Op::Mul, {number(-1), unary()});
    return atom();
  }

  std::string identifier() {
    skip();
    const std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  std::vector<SymExpression> call_args() {
    std::vector<SymExpression> args;
    if (eat(")")) return args;
    do {
      skip();
      // keyword arguments (positive=True) carry no value we need
      const std::size_t save = pos_;
      const std::string word = identifier();
      if (!word.empty() && eat("=")) {
        identifier();
        continue;
      }
      pos_ = save;
      args.push_back(sum());
    } while (eat(","));
    expect(")");
    return args;
  }

  SymExpression atom() {
    skip();
    if (pos_ >= s_.size()) throw ParseFailure("unexpected end");
    if (eat("(")) {
      SymExpression e = sum();
      expect(")");
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      std::size_t end = pos_;
      while (end < s_.size() && std::isdigit(static_cast<unsigned char>(s_[end]))) ++end;
      const std::int64_t v = std::stoll(s_.substr(pos_, end - pos_));
      pos_ = end;
      return number(v);
    }
    const std::string word = identifier();
    if (word.empty()) throw ParseFailure("unexpected character");
    if (!eat("(")) {
      SymExpression e;
      e.op = SymExpression::Op::Symbol;
      e.symbol = word;
      return e;
    }
    if (word == "Symbol") {
      skip();
      if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) throw ParseFailure("Symbol without a name");
      const char quote = s_[pos_++];
      const std::size_t end = s_.find(quote, pos_);
      if (end == std::string::npos) throw ParseFailure("unterminated name");
      SymExpression e;
      e.op = SymExpression::Op::Symbol;
      e.symbol = s_.substr(pos_, end - pos_);
      pos_ = end + 1;
      while (eat(",")) {
        identifier();
        expect("=");
        identifier();
      }
      expect(")");
      return e;
    }
    std::vector<SymExpression> args = call_args();
    using Op = SymExpression::Op;
    if (word == "Integer" && args.size() == 1) return args.front();
    if (word == "Add" && !args.empty()) return node(Op::Add, std::move(args));
    if (word == "Mul" && !args.empty()) return node(Op::Mul, std::move(args));
    if ((word == "FloorDiv" || word == "CleanDiv") && args.size() == 2) return node(Op::FloorDiv, std::move(args));
    if ((word == "Mod" || word == "PythonMod") && args.size() == 2) return node(Op::Mod, std::move(args));
    if (word == "Pow" && args.size() == 2) return node(Op::Pow, std::move(args));
    if (word == "Max" && !args.empty()) return node(Op::Max, std::move(args));
    if (word == "Min" && !args.empty()) return node(Op::Min, std::move(args));
    throw ParseFailure("unknown function " + word);
  }

  const std::string& s_;
  std::size_t pos_ = 0;
};

std::int64_t floordiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

std::optional<SymExpression> parse_sym_expression(const std::string& text) {
  try {
    return Parser(text).parse();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::set<std::string> SymExpression::symbols() const {
  std::set<std::string> out;
  if (op == Op::Symbol) out.insert(symbol);
  for (const SymExpression& a : args) {
    auto s = a.symbols();
    out.insert(s.begin(), s.end());
  }
  return out;
}

std::optional<std::int64_t> SymExpression::evaluate(const std::map<std::string, std::int64_t>& values) const {
  switch (op) {
    case Op::Number: return number;
    case Op::Symbol: {
      auto it = values.find(symbol);
      if (it == values.end()) return std::nullopt;
      return it->second;
    }
    default: break;
  }
  std::vector<std::int64_t> v;
  for (const SymExpression& a : args) {
    auto x = a.evaluate(values);
    if (!x) return std::nullopt;
    v.push_back(*x);
  }
  switch (op) {
    case Op::Add: { std::int64_t r = 0; for (auto x : v) r += x; return r; }
    case Op::Mul: { std::int64_t r = 1; for (auto x : v) r *= x; return r; }
    case Op::FloorDiv: if (v[1] == 0) return std::nullopt; return floordiv(v[0], v[1]);
    case Op::Mod: {
      if (v[1] == 0) return std::nullopt;
      std::int64_t r = v[0] % v[1];
      if (r != 0 && ((r < 0) != (v[1] < 0))) r += v[1];
      return r;
    }
    case Op::Pow: { if (v[1] < 0) return std::nullopt; std::int64_t r = 1; for (std::int64_t k = 0; k < v[1]; ++k) r *= v[0]; return r; }
    case Op::Max: return *std::max_element(v.begin(), v.end());
    case Op::Min: return *std::min_element(v.begin(), v.end());
    default: return std::nullopt;
  }
}

std::string SymExpression::canonical() const {
  switch (op) {
    case Op::Number: return std::to_string(number);
    case Op::Symbol: return symbol;
    default: break;
  }
  std::vector<std::string> parts;
  for (const SymExpression& a : args) parts.push_back(a.canonical());
  const bool commutative = op == Op::Add || op == Op::Mul || op == Op::Max || op == Op::Min;
  if (commutative) std::sort(parts.begin(), parts.end());
  static const char* names[] = {"", "", "Add", "Mul", "FloorDiv", "Mod", "Pow", "Max", "Min"};
  std::string out = std::string(names[static_cast<int>(op)]) + "(";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
  return out + ")";
}

}  // namespace exportcheck::runtime

namespace exportcheck::runtime {

std::string SymExpression::text() const {
  switch (op) {
    case Op::Number: return std::to_string(number);
    case Op::Symbol: return symbol;
    default: break;
  }
  auto wrapped = [](const SymExpression& e) {
    const bool simple = e.op == Op::Number || e.op == Op::Symbol || e.op == Op::Mul;
    if (simple) return e.text();
    std::string out = "(";  // appended, not "(" + text: GCC 12 warns falsely (-Wrestrict) on that
    out += e.text();
    out += ")";
    return out;
  };
  std::string out;
  switch (op) {
    case Op::Add:
      for (std::size_t i = 0; i < args.size(); ++i) out += (i ? " + " : "") + args[i].text();
      return out;
    case Op::Mul:
      for (std::size_t i = 0; i < args.size(); ++i) out += (i ? "*" : "") + wrapped(args[i]);
      return out;
    case Op::FloorDiv: return wrapped(args[0]) + "//" + wrapped(args[1]);
    case Op::Mod: return wrapped(args[0]) + "%" + wrapped(args[1]);
    case Op::Pow: return wrapped(args[0]) + "**" + wrapped(args[1]);
    default: break;
  }
  out = op == Op::Max ? "Max(" : "Min(";
  for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i].text();
  return out + ")";
}

}  // namespace exportcheck::runtime

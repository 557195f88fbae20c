#include "harness/catalog/dim_expression.h"

#include <cctype>
#include <charconv>
#include <vector>

namespace exportcheck::catalog {
namespace {

struct Token {
  enum Kind { kInt, kName, kStar, kPlus, kMinus } kind;
  std::string_view text;
};

std::optional<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '*' || c == '+' || c == '-') {
      tokens.push_back({c == '*' ? Token::kStar : c == '+' ? Token::kPlus : Token::kMinus,
                        s.substr(i, 1)});
      ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t start = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      if (i < s.size() && is_name_char(s[i])) return std::nullopt;  // "2dx"
      tokens.push_back({Token::kInt, s.substr(start, i - start)});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = i;
      while (i < s.size() && is_name_char(s[i])) ++i;
      tokens.push_back({Token::kName, s.substr(start, i - start)});
    } else {
      return std::nullopt;
    }
  }
  return tokens;
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<DimExpression> parse_dim_expression(std::string_view text) {
  std::optional<std::vector<Token>> tokens = tokenize(text);
  if (!tokens || tokens->empty()) return std::nullopt;
  const std::vector<Token>& t = *tokens;
  DimExpression out;
  std::size_t i = 0;
  // term: INT '*' NAME | NAME '*' INT | NAME
  if (t.size() >= 3 && t[0].kind == Token::kInt && t[1].kind == Token::kStar &&
      t[2].kind == Token::kName) {
    std::optional<std::int64_t> mul = to_int(t[0].text);
    if (!mul) return std::nullopt;
    out = {std::string(t[2].text), *mul, 0, true};
    i = 3;
  } else if (t.size() >= 3 && t[0].kind == Token::kName && t[1].kind == Token::kStar &&
             t[2].kind == Token::kInt) {
    std::optional<std::int64_t> mul = to_int(t[2].text);
    if (!mul) return std::nullopt;
    out = {std::string(t[0].text), *mul, 0, true};
    i = 3;
  } else if (t[0].kind == Token::kName) {
    out.name = std::string(t[0].text);
    i = 1;
  } else {
    return std::nullopt;
  }
  // [('+' | '-') INT]
  if (i + 2 == t.size() && (t[i].kind == Token::kPlus || t[i].kind == Token::kMinus) &&
      t[i + 1].kind == Token::kInt) {
    std::optional<std::int64_t> add = to_int(t[i + 1].text);
    if (!add) return std::nullopt;
    out.add = t[i].kind == Token::kMinus ? -*add : *add;
    out.derived = true;
    i += 2;
  }
  if (i != t.size()) return std::nullopt;
  return out;
}

}  // namespace exportcheck::catalog

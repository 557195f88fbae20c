#include "harness/catalog/version_spec.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace exportcheck::catalog {
namespace {

struct Clause {
  std::string op;
  std::vector<int> version;
};

// "2.13.0+cpu" → {2, 13, 0}; the release part only (up to '+', 'a', 'rc', ...).
std::optional<std::vector<int>> parse_version(std::string_view s, bool whole) {
  std::vector<int> parts;
  std::size_t i = 0;
  while (true) {
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    int value = 0;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      if (value > 100000) return std::nullopt;
      value = value * 10 + (s[i] - '0');
    }
    parts.push_back(value);
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
      continue;
    }
    break;
  }
  if (whole && i != s.size()) return std::nullopt;
  return parts;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The clauses of `spec`, or the error.
std::optional<std::vector<Clause>> parse_spec(std::string_view spec, std::string* error) {
  std::vector<Clause> clauses;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = spec.find(',', start);
    std::string_view text = trim(spec.substr(start, comma == std::string_view::npos ? comma : comma - start));
    Clause c;
    for (const char* op : {">=", "<=", "==", ">", "<"})
      if (text.starts_with(op)) {
        c.op = op;
        break;
      }
    if (c.op.empty()) {
      *error = "clause '" + std::string(text) + "' does not start with >=, <=, ==, > or <";
      return std::nullopt;
    }
    auto v = parse_version(trim(text.substr(c.op.size())), true);
    if (!v) {
      *error = "clause '" + std::string(text) + "' has no version of dotted integers (e.g. 2.11)";
      return std::nullopt;
    }
    c.version = *v;
    clauses.push_back(std::move(c));
    if (comma == std::string_view::npos) return clauses;
    start = comma + 1;
  }
}

int compare(const std::vector<int>& a, const std::vector<int>& b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const int x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace

std::string version_spec_error(std::string_view spec) {
  std::string error;
  if (trim(spec).empty()) return "empty version range";
  parse_spec(spec, &error);
  return error;
}

bool version_in_spec(std::string_view version, std::string_view spec) {
  std::string error;
  const auto clauses = parse_spec(spec, &error);
  const auto v = parse_version(trim(version), false);
  if (!clauses || !v) return false;
  for (const Clause& c : *clauses) {
    const std::size_t n = c.op == "==" ? c.version.size() : std::max(c.version.size(), v->size());
    const int cmp = compare(*v, c.version, n);
    const bool ok = c.op == ">=" ? cmp >= 0 : c.op == "<=" ? cmp <= 0 : c.op == ">" ? cmp > 0 : c.op == "<" ? cmp < 0 : cmp == 0;
    if (!ok) return false;
  }
  return true;
}

}  // namespace exportcheck::catalog

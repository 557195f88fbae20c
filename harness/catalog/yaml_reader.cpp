#include "harness/catalog/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <regex>

namespace exportcheck::catalog::detail {
namespace {

bool is_plain(const YAML::Node& node) {
  // yaml-cpp tags plain scalars "?" and quoted / block scalars "!".
  return node.Tag() == "?" || node.Tag().empty();
}

bool is_bool_text(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
         s == "FALSE";
}

bool is_int_text(const std::string& s) {
  static const std::regex re("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  return std::regex_match(s, re);
}

bool is_float_text(const std::string& s) {
  static const std::regex re(
      "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|"
      "\\.(nan|NaN|NAN)");
  return std::regex_match(s, re);
}

std::optional<std::int64_t> parse_int(const std::string& s) {
  std::string_view text = s;
  int base = 10;
  bool negative = false;
  if (text.starts_with("0o")) {
    base = 8;
    text.remove_prefix(2);
  } else if (text.starts_with("0x")) {
    base = 16;
    text.remove_prefix(2);
  } else if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (magnitude > kMax + 1) return std::nullopt;
    return magnitude == kMax + 1 ? std::numeric_limits<std::int64_t>::min()
                                 : -static_cast<std::int64_t>(magnitude);
  }
  if (magnitude > kMax) return std::nullopt;
  return static_cast<std::int64_t>(magnitude);
}

double parse_float(const std::string& s) {
  std::string_view t = s;
  bool negative = t.starts_with('-');
  if (t.starts_with('-') || t.starts_with('+')) t.remove_prefix(1);
  if (t.starts_with(".inf") || t.starts_with(".Inf") || t.starts_with(".INF")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (t.starts_with(".nan") || t.starts_with(".NaN") || t.starts_with(".NAN")) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return std::strtod(s.c_str(), nullptr);
}

std::string join_keys(std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

void Diagnostics::error(int line, std::string field, std::string message) {
  errors_.push_back(CaseError{file_, line, std::move(field), std::move(message)});
}

std::vector<CaseError> Diagnostics::take() {
  std::stable_sort(errors_.begin(), errors_.end(),
                   [](const CaseError& a, const CaseError& b) { return a.line < b.line; });
  return std::move(errors_);
}

std::string field_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out(parent);
  out += '.';
  out += key;
  return out;
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

int line_of(const YAML::Node& node, int fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : fallback;
}

Kind kind_of(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return Kind::Null;
  if (node.IsSequence()) return Kind::List;
  if (node.IsMap()) return Kind::Map;
  const std::string& s = node.Scalar();
  const std::string& tag = node.Tag();
  if (!is_plain(node)) {
    if (tag == "tag:yaml.org,2002:int" && parse_int(s)) return Kind::Int;
    if (tag == "tag:yaml.org,2002:float" && (is_float_text(s) || is_int_text(s))) {
      return Kind::Float;
    }
    if (tag == "tag:yaml.org,2002:bool" && is_bool_text(s)) return Kind::Bool;
    if (tag == "tag:yaml.org,2002:null") return Kind::Null;
    return Kind::String;  // "!" (quoted), !!str and any other tag
  }
  if (is_bool_text(s)) return Kind::Bool;
  if (is_int_text(s)) return Kind::Int;
  if (is_float_text(s)) return Kind::Float;
  return Kind::String;
}

std::string describe(const YAML::Node& node) {
  switch (kind_of(node)) {
    case Kind::Null: return "null";
    case Kind::List: return "a list";
    case Kind::Map: return "a map";
    case Kind::Bool: return "the bool " + node.Scalar();
    case Kind::Int: return "the int " + node.Scalar();
    case Kind::Float: return "the float " + node.Scalar();
    case Kind::String: return "the string '" + node.Scalar() + "'";
  }
  return "a value";
}

std::optional<std::string> read_string(Diagnostics& d, const Value& v, bool allow_empty) {
  if (kind_of(v.node) != Kind::String) {
    d.error(v.line, v.path, "expected a string, got " + describe(v.node));
    return std::nullopt;
  }
  const std::string& s = v.node.Scalar();
  if (!allow_empty && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    d.error(v.line, v.path, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> read_int(Diagnostics& d, const Value& v) {
  if (kind_of(v.node) != Kind::Int) {
    d.error(v.line, v.path, "expected an int, got " + describe(v.node));
    return std::nullopt;
  }
  std::optional<std::int64_t> value = parse_int(v.node.Scalar());
  if (!value) d.error(v.line, v.path, "int " + v.node.Scalar() + " is out of range");
  return value;
}

std::optional<double> read_number(Diagnostics& d, const Value& v) {
  Kind kind = kind_of(v.node);
  if (kind == Kind::Int) {
    std::optional<std::int64_t> i = read_int(d, v);
    if (!i) return std::nullopt;
    return static_cast<double>(*i);
  }
  if (kind != Kind::Float) {
    d.error(v.line, v.path, "expected a number, got " + describe(v.node));
    return std::nullopt;
  }
  double value = parse_float(v.node.Scalar());
  if (!std::isfinite(value)) {
    d.error(v.line, v.path, "expected a finite number, got " + v.node.Scalar());
    return std::nullopt;
  }
  return value;
}

std::optional<bool> read_bool(Diagnostics& d, const Value& v) {
  if (kind_of(v.node) != Kind::Bool) {
    d.error(v.line, v.path, "expected true or false, got " + describe(v.node));
    return std::nullopt;
  }
  const std::string& s = v.node.Scalar();
  return s == "true" || s == "True" || s == "TRUE";
}

std::optional<std::vector<Value>> read_list(Diagnostics& d, const Value& v) {
  if (kind_of(v.node) != Kind::List) {
    d.error(v.line, v.path, "expected a list, got " + describe(v.node));
    return std::nullopt;
  }
  std::vector<Value> items;
  std::size_t i = 0;
  for (const YAML::Node& item : v.node) {
    items.push_back(Value{item, index_path(v.path, i), line_of(item, v.line)});
    ++i;
  }
  return items;
}

std::optional<MapReader> MapReader::open(Diagnostics& d, const Value& v,
                                         std::initializer_list<std::string_view> allowed,
                                         std::initializer_list<std::string_view> required) {
  return read(d, v, false, allowed, required);
}

std::optional<MapReader> MapReader::open_any(Diagnostics& d, const Value& v) {
  return read(d, v, true, {}, {});
}

std::optional<MapReader> MapReader::read(Diagnostics& d, const Value& v, bool any,
                                         std::initializer_list<std::string_view> allowed,
                                         std::initializer_list<std::string_view> required) {
  if (kind_of(v.node) != Kind::Map) {
    d.error(v.line, v.path, "expected a map, got " + describe(v.node));
    return std::nullopt;
  }
  MapReader reader;
  reader.self_ = v;
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const YAML::Node& key_node = it->first;
    int key_line = line_of(key_node, v.line);
    if (!key_node.IsScalar()) {
      d.error(key_line, v.path, "keys must be plain names, got " + describe(key_node));
      continue;
    }
    std::string key = key_node.Scalar();
    std::string path = field_path(v.path, key);
    if (reader.find(key) != nullptr) {
      d.error(key_line, path, "duplicate key '" + key + "'");
      continue;
    }
    if (!any && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      d.error(key_line, path, "unknown field; allowed fields: " + join_keys(allowed));
      continue;
    }
    reader.entries_.push_back(Entry{key, key_line, Value{it->second, path,
                                                         line_of(it->second, key_line)}});
  }
  for (std::string_view key : required) {
    if (!reader.has(key)) d.error(v.line, field_path(v.path, key), "required field is missing");
  }
  return reader;
}

const MapReader::Entry* MapReader::find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

json to_json(Diagnostics& d, const Value& v) {
  switch (kind_of(v.node)) {
    case Kind::Null: return nullptr;
    case Kind::Bool: return *read_bool(d, v);
    case Kind::Int: {
      std::optional<std::int64_t> i = read_int(d, v);
      return i ? json(*i) : json(nullptr);
    }
    case Kind::Float: {
      std::optional<double> f = read_number(d, v);
      return f ? json(*f) : json(nullptr);
    }
    case Kind::String: return v.node.Scalar();
    case Kind::List: {
      json out = json::array();
      const std::vector<Value> items = *read_list(d, v);  // a copy: the optional is a temporary
      for (const Value& item : items) out.push_back(to_json(d, item));
      return out;
    }
    case Kind::Map: {
      json out = json::object();
      const MapReader map = *MapReader::open_any(d, v);
      for (const MapReader::Entry& e : map.entries()) out[e.key] = to_json(d, e.value);
      return out;
    }
  }
  return nullptr;
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  auto head = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  if (!head(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) {
    return head(c) || std::isdigit(static_cast<unsigned char>(c));
  });
}

bool is_module_name(std::string_view s) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    if (!is_identifier(s.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_module_attribute(std::string_view s) {
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  return is_module_name(s.substr(0, colon)) && is_identifier(s.substr(colon + 1));
}

}  // namespace exportcheck::catalog::detail

#include "harness/catalog/input_parser.h"

#include <array>
#include <charconv>
#include <cmath>

#include "harness/catalog/schema.h"

namespace exportcheck::catalog::detail {
namespace {

constexpr std::array<std::string_view, 9> kKindKeys = {
    "shape", "int", "float", "bool", "none", "list", "tuple", "dict", "dataclass"};

bool is_floating(std::string_view dtype) {
  return dtype == "float32" || dtype == "float64" || dtype == "float16" || dtype == "bfloat16";
}

// exporter/inputs.py draws randn / rand / positive in a floating dtype, and
// randint / arange as int64 cast to the dtype, so only the first three are
// limited to floating and complex dtypes.
std::string_view inits_for(std::string_view dtype) {
  if (is_floating(dtype) || dtype == "complex64") {
    return "randn, rand, zeros, ones, arange, positive, randint";
  }
  return "zeros, ones, arange, randint";
}

bool init_fits(std::string_view init, std::string_view dtype) {
  std::string_view allowed = inits_for(dtype);
  // Whole-word search in the comma-separated list.
  std::size_t pos = 0;
  while ((pos = allowed.find(init, pos)) != std::string_view::npos) {
    std::size_t end = pos + init.size();
    bool starts = pos == 0 || allowed[pos - 1] == ' ';
    bool ends = end == allowed.size() || allowed[end] == ',';
    if (starts && ends) return true;
    pos = end;
  }
  return false;
}

std::string default_init(std::string_view dtype) {
  return is_floating(dtype) || dtype == "complex64" ? "randn" : "randint";
}

json parse_tensor(Diagnostics& d, const Value& v) {
  const std::size_t before = d.count();
  std::optional<MapReader> m =
      MapReader::open(d, v, {"shape", "dtype", "init", "low", "high"}, {"shape", "dtype"});
  if (!m) return nullptr;
  json shape = json::array();
  if (const MapReader::Entry* e = m->find("shape")) {
    if (std::optional<std::vector<Value>> sizes = read_list(d, e->value)) {
      for (const Value& size : *sizes) {
        std::optional<std::int64_t> n = read_int(d, size);
        if (n && *n < 0) d.error(size.line, size.path, "a size must be >= 0, got " + std::to_string(*n));
        if (n) shape.push_back(*n);
      }
    }
  }
  std::optional<std::string> dtype;
  if (const MapReader::Entry* e = m->find("dtype")) {
    dtype = read_string(d, e->value);
    if (dtype && !schema::contains(schema::kDtypes, *dtype)) {
      d.error(e->value.line, e->value.path,
              "unknown dtype '" + *dtype + "'; known dtypes: " + schema::join(schema::kDtypes));
      dtype.reset();
    }
  }
  std::optional<std::string> init;
  if (const MapReader::Entry* e = m->find("init")) {
    init = read_string(d, e->value);
    if (init && !schema::contains(schema::kInits, *init)) {
      d.error(e->value.line, e->value.path,
              "unknown init '" + *init + "'; known inits: " + schema::join(schema::kInits));
      init.reset();
    } else if (init && dtype && !init_fits(*init, *dtype)) {
      d.error(e->value.line, e->value.path,
              "init '" + *init + "' does not work with dtype " + *dtype + " (use one of " +
                  std::string(inits_for(*dtype)) + ")");
    }
  } else if (dtype) {
    init = default_init(*dtype);
  }
  // low / high bound randint (ints) and rand (a uniform range), as
  // exporter/inputs.py draws them; other inits would silently ignore them.
  const bool ranged = init && (*init == "randint" || *init == "rand");
  std::optional<json> bounds[2];
  std::optional<double> values[2];
  const char* names[2] = {"low", "high"};
  for (int i = 0; i < 2; ++i) {
    const MapReader::Entry* e = m->find(names[i]);
    if (e == nullptr) continue;
    if (init && !ranged) {
      d.error(e->value.line, e->value.path,
              std::string(names[i]) + " only applies to init randint or rand (init is " + *init +
                  ")");
    } else if (init && *init == "randint") {
      if (std::optional<std::int64_t> n = read_int(d, e->value)) {
        bounds[i] = *n;
        values[i] = static_cast<double>(*n);
      }
    } else if (std::optional<double> x = read_number(d, e->value)) {
      bounds[i] = kind_of(e->value.node) == Kind::Int ? json(static_cast<std::int64_t>(*x)) : json(*x);
      values[i] = *x;
    }
  }
  if (ranged && (values[0] || values[1])) {
    const double default_high = *init == "rand" ? 1 : (dtype && *dtype == "bool" ? 2 : 10);
    const double low = values[0].value_or(0), high = values[1].value_or(default_high);
    if (low >= high) {
      const MapReader::Entry* e = m->find(values[1] ? "high" : "low");
      auto text = [](double x) {
        return x == std::floor(x) ? std::to_string(static_cast<std::int64_t>(x)) : json(x).dump();
      };
      d.error(e->value.line, e->value.path,
              "low (" + text(low) + ") must be < high (" + text(high) +
                  (values[1] ? ")" : ", the default)"));
    }
  }
  if (d.count() != before) return nullptr;
  return json{{"kind", "tensor"},
              {"shape", shape},
              {"dtype", *dtype},
              {"init", *init},
              {"low", bounds[0].value_or(json(nullptr))},
              {"high", bounds[1].value_or(json(nullptr))}};
}

json parse_scalar(Diagnostics& d, const Value& v, const std::string& kind) {
  std::optional<MapReader> m = MapReader::open(d, v, {kind});
  if (!m) return nullptr;
  const Value& value = m->find(kind)->value;
  if (kind == "int") {
    std::optional<std::int64_t> i = read_int(d, value);
    return i ? json{{"kind", "int"}, {"value", *i}} : json(nullptr);
  }
  if (kind == "float") {
    std::optional<double> f = read_number(d, value);
    return f ? json{{"kind", "float"}, {"value", *f}} : json(nullptr);
  }
  if (kind == "bool") {
    std::optional<bool> b = read_bool(d, value);
    return b ? json{{"kind", "bool"}, {"value", *b}} : json(nullptr);
  }
  // none: `{none: true}` is the only spelling, so `none: false` is not a typo'd bool.
  std::optional<bool> b = read_bool(d, value);
  if (b && !*b) d.error(value.line, value.path, "write None as {none: true}");
  return b && *b ? json{{"kind", "none"}} : json(nullptr);
}

json parse_sequence(Diagnostics& d, const Value& v, const std::string& kind) {
  std::optional<MapReader> m = MapReader::open(d, v, {kind});
  if (!m) return nullptr;
  std::optional<std::vector<Value>> items = read_list(d, m->find(kind)->value);
  if (!items) return nullptr;
  json out = json::array();
  for (const Value& item : *items) out.push_back(parse_input(d, item));
  return json{{"kind", kind}, {"items", out}};
}

json parse_dict(Diagnostics& d, const Value& v) {
  std::optional<MapReader> m = MapReader::open(d, v, {"dict"});
  if (!m) return nullptr;
  std::optional<MapReader> items = MapReader::open_any(d, m->find("dict")->value);
  if (!items) return nullptr;
  json out = json::object();
  for (const MapReader::Entry& e : items->entries()) out[e.key] = parse_input(d, e.value);
  return json{{"kind", "dict"}, {"items", out}};
}

json parse_dataclass(Diagnostics& d, const Value& v) {
  std::optional<MapReader> m =
      MapReader::open(d, v, {"dataclass", "fields"}, {"dataclass", "fields"});
  if (!m) return nullptr;
  std::optional<std::string> type;
  if (const MapReader::Entry* e = m->find("dataclass")) {
    type = read_string(d, e->value);
    if (type && !is_module_attribute(*type)) {
      d.error(e->value.line, e->value.path,
              "expected module:Class (e.g. exportdb.types:Point), got '" + *type + "'");
    }
  }
  json fields = json::object();
  if (const MapReader::Entry* e = m->find("fields")) {
    if (std::optional<MapReader> items = MapReader::open_any(d, e->value)) {
      for (const MapReader::Entry& f : items->entries()) {
        if (!is_identifier(f.key)) {
          d.error(f.key_line, f.value.path, "a dataclass field name must be an identifier");
          continue;
        }
        fields[f.key] = parse_input(d, f.value);
      }
    }
  }
  // Broken fields stay as null items, so dynamic_shapes still checks the others.
  if (!type) return nullptr;
  return json{{"kind", "dataclass"}, {"type", *type}, {"fields", fields}};
}

// Finds `key` in a YAML map node, as a Value under `parent`'s path.
std::optional<Value> child(const Value& parent, std::string_view key, std::string_view path_key) {
  if (!parent.node.IsMap()) return std::nullopt;
  for (auto it = parent.node.begin(); it != parent.node.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      int line = line_of(it->second, line_of(it->first, parent.line));
      return Value{it->second, field_path(parent.path, path_key), line};
    }
  }
  return std::nullopt;
}

std::optional<Value> item(const Value& list, std::size_t i) {
  if (!list.node.IsSequence() || i >= list.node.size()) return std::nullopt;
  return Value{list.node[i], index_path(list.path, i), line_of(list.node[i], list.line)};
}

std::string key_list(const json& object) {
  std::string out;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!out.empty()) out += ", ";
    out += it.key();
  }
  return "[" + out + "]";
}

bool same_keys(const json& a, const json& b) {
  if (a.size() != b.size()) return false;
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (!b.contains(it.key())) return false;
  }
  return true;
}

void check_items(Diagnostics& d, const json& example, const json& other, const Value& list) {
  if (example.size() != other.size()) {
    d.error(list.line, list.path,
            "has " + std::to_string(other.size()) + (other.size() == 1 ? " item" : " items") +
                ", but the example has " + std::to_string(example.size()));
    return;
  }
  for (std::size_t i = 0; i < example.size(); ++i) {
    if (std::optional<Value> v = item(list, i)) check_same_structure(d, example[i], other[i], *v);
  }
}

void check_members(Diagnostics& d, const json& example, const json& other, const Value& map,
                   std::string_view what) {
  if (!same_keys(example, other)) {
    d.error(map.line, map.path,
            "has " + std::string(what) + " " + key_list(other) + ", but the example has " +
                key_list(example));
    return;
  }
  for (auto it = example.begin(); it != example.end(); ++it) {
    if (std::optional<Value> v = child(map, it.key(), it.key())) {
      check_same_structure(d, it.value(), other.at(it.key()), *v);
    }
  }
}

}  // namespace

json parse_input(Diagnostics& d, const Value& v) {
  if (kind_of(v.node) != Kind::Map) {
    d.error(v.line, v.path,
            "expected an INPUT such as {shape: [2, 3], dtype: float32} or {int: 3}, got " +
                describe(v.node));
    return nullptr;
  }
  std::string kind;
  for (auto it = v.node.begin(); it != v.node.end() && kind.empty(); ++it) {
    if (it->first.IsScalar() && schema::contains(kKindKeys, it->first.Scalar())) {
      kind = it->first.Scalar();
    }
  }
  if (kind.empty()) {
    d.error(v.line, v.path,
            "cannot tell what this input is: expected one of the keys shape (a tensor), int, "
            "float, bool, none, list, tuple, dict, dataclass");
    return nullptr;
  }
  if (kind == "shape") return parse_tensor(d, v);
  if (kind == "list" || kind == "tuple") return parse_sequence(d, v, kind);
  if (kind == "dict") return parse_dict(d, v);
  if (kind == "dataclass") return parse_dataclass(d, v);
  return parse_scalar(d, v, kind);
}

json parse_input_set(Diagnostics& d, const Value& v) {
  json out = {{"args", json::array()}, {"kwargs", json::object()}};
  std::optional<MapReader> m = MapReader::open(d, v, {"args", "kwargs"});
  if (!m) return out;
  if (const MapReader::Entry* e = m->find("args")) {
    if (std::optional<std::vector<Value>> items = read_list(d, e->value)) {
      for (const Value& item : *items) out["args"].push_back(parse_input(d, item));
    }
  }
  if (const MapReader::Entry* e = m->find("kwargs")) {
    if (std::optional<MapReader> kwargs = MapReader::open_any(d, e->value)) {
      for (const MapReader::Entry& kw : kwargs->entries()) {
        if (!is_identifier(kw.key)) {
          d.error(kw.key_line, kw.value.path, "a keyword argument name must be an identifier");
          continue;
        }
        out["kwargs"][kw.key] = parse_input(d, kw.value);
      }
    }
  }
  return out;
}

std::string input_kind_phrase(const json& input) {
  const std::string kind = input.value("kind", "");
  if (kind == "none") return "None";
  if (kind == "int") return "an int";
  return "a " + kind;
}

void check_same_structure(Diagnostics& d, const json& example, const json& other,
                          const Value& other_yaml) {
  if (example.is_null() || other.is_null()) return;  // already reported
  const std::string kind = example.at("kind");
  if (other.at("kind") != kind) {
    d.error(other_yaml.line, other_yaml.path,
            "is " + input_kind_phrase(other) + ", but the example input is " +
                input_kind_phrase(example));
    return;
  }
  if (kind == "tensor") {
    const std::size_t rank = example.at("shape").size(), other_rank = other.at("shape").size();
    if (rank != other_rank) {
      d.error(other_yaml.line, other_yaml.path,
              "has rank " + std::to_string(other_rank) + ", but the example input has rank " +
                  std::to_string(rank));
    }
    if (example.at("dtype") != other.at("dtype")) {
      d.error(other_yaml.line, other_yaml.path,
              "has dtype " + other.at("dtype").get<std::string>() +
                  ", but the example input has " + example.at("dtype").get<std::string>());
    }
  } else if (kind == "list" || kind == "tuple") {
    if (std::optional<Value> list = child(other_yaml, kind, kind)) {
      check_items(d, example.at("items"), other.at("items"), *list);
    }
  } else if (kind == "dict") {
    if (std::optional<Value> map = child(other_yaml, "dict", "dict")) {
      check_members(d, example.at("items"), other.at("items"), *map, "keys");
    }
  } else if (kind == "dataclass") {
    if (example.at("type") != other.at("type")) {
      d.error(other_yaml.line, other_yaml.path,
              "is a " + other.at("type").get<std::string>() + ", but the example input is a " +
                  example.at("type").get<std::string>());
      return;
    }
    if (std::optional<Value> map = child(other_yaml, "fields", "fields")) {
      check_members(d, example.at("fields"), other.at("fields"), *map, "fields");
    }
  }
}

void check_same_input_set(Diagnostics& d, const json& example, const json& other,
                          const Value& other_yaml) {
  const Value args = child(other_yaml, "args", "args")
                         .value_or(Value{YAML::Node(), field_path(other_yaml.path, "args"),
                                         other_yaml.line});
  check_items(d, example.at("args"), other.at("args"), args);
  const Value kwargs = child(other_yaml, "kwargs", "kwargs")
                           .value_or(Value{YAML::Node(), field_path(other_yaml.path, "kwargs"),
                                           other_yaml.line});
  check_members(d, example.at("kwargs"), other.at("kwargs"), kwargs, "keyword inputs");
}

InputPath resolve_input_path(const json& input_set, std::string_view dotted) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    std::size_t dot = dotted.find('.', start);
    parts.emplace_back(dotted.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  InputPath out;
  auto fail = [&](std::string message) {
    out.status = InputPath::Status::kError;
    out.message = std::move(message);
    return out;
  };
  auto index_of = [](const std::string& s) -> std::optional<std::size_t> {
    std::size_t i = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return i;
  };
  if (parts.size() < 2 || (parts[0] != "args" && parts[0] != "kwargs")) {
    return fail("an input path is args.N or kwargs.NAME, then list indexes / dict keys / "
                "dataclass fields, e.g. args.0.x; got '" + std::string(dotted) + "'");
  }
  out.path = json::array({parts[0]});
  const json* current = nullptr;
  std::string walked = parts[0];
  if (parts[0] == "args") {
    std::optional<std::size_t> i = index_of(parts[1]);
    const json& args = input_set.at("args");
    if (!i) return fail("'" + parts[1] + "' is not an index into args");
    if (*i >= args.size()) {
      return fail("args." + parts[1] + " does not exist: inputs.args has " +
                  std::to_string(args.size()) + (args.size() == 1 ? " input" : " inputs"));
    }
    current = &args[*i];
    out.path.push_back(*i);
  } else {
    const json& kwargs = input_set.at("kwargs");
    if (!kwargs.contains(parts[1])) return fail("no keyword input '" + parts[1] + "'");
    current = &kwargs.at(parts[1]);
    out.path.push_back(parts[1]);
  }
  walked += "." + parts[1];
  for (std::size_t p = 2; p < parts.size(); ++p) {
    if (current->is_null()) break;
    const std::string kind = current->at("kind");
    const std::string& part = parts[p];
    if (kind == "list" || kind == "tuple") {
      std::optional<std::size_t> i = index_of(part);
      const json& items = current->at("items");
      if (!i) return fail("'" + walked + "' is a " + kind + "; '" + part + "' is not an index");
      if (*i >= items.size()) {
        return fail("'" + walked + "' is a " + kind + " of " + std::to_string(items.size()) +
                    " items; index " + part + " is out of range");
      }
      current = &items[*i];
      out.path.push_back(*i);
    } else if (kind == "dict" || kind == "dataclass") {
      const json& members = current->at(kind == "dict" ? "items" : "fields");
      if (!members.contains(part)) {
        return fail("'" + walked + "' is a " + kind + " without " +
                    (kind == "dict" ? "key '" : "field '") + part + "'");
      }
      current = &members.at(part);
      out.path.push_back(part);
    } else {
      return fail("'" + walked + "' is " + input_kind_phrase(*current) + "; it has no part '" +
                  part + "'");
    }
    walked += "." + part;
  }
  if (current->is_null()) {
    out.status = InputPath::Status::kBrokenInput;
    return out;
  }
  if (current->at("kind") != "tensor") {
    return fail("'" + walked + "' is " + input_kind_phrase(*current) + ", not a tensor");
  }
  out.status = InputPath::Status::kOk;
  out.input = current;
  return out;
}

}  // namespace exportcheck::catalog::detail

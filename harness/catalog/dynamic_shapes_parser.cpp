#include "harness/catalog/dynamic_shapes_parser.h"

#include <charconv>
#include <functional>
#include <set>

#include "harness/catalog/dim_expression.h"
#include "harness/catalog/input_parser.h"
#include "harness/catalog/schema.h"

namespace exportcheck::catalog::detail {
namespace {

constexpr const char* kDimForms =
    "a DIM is a declared dim name, an expression such as 2*dx+1, auto / dynamic / static, "
    "{hint: dynamic, min: 2, max: 64} or null";

struct Dims {
  std::set<std::string, std::less<>> names;
  json spec = json::object();
};

std::string shape_text(const json& tensor) {
  std::string out;
  for (const json& size : tensor.at("shape")) out += (out.empty() ? "" : ", ") + size.dump();
  return "[" + out + "]";
}

// Reads {min, max}: each an optional int >= 0, min <= max.
struct Bounds {
  std::optional<std::int64_t> min, max;
};
Bounds read_bounds(Diagnostics& d, const MapReader& m) {
  Bounds b;
  const MapReader::Entry* min = m.find("min");
  const MapReader::Entry* max = m.find("max");
  for (const MapReader::Entry* e : {min, max}) {
    if (e == nullptr || kind_of(e->value.node) == Kind::Null) continue;
    std::optional<std::int64_t> n = read_int(d, e->value);
    if (n && *n < 0) {
      d.error(e->value.line, e->value.path, e->key + " must be >= 0, got " + std::to_string(*n));
      n.reset();
    }
    (e == min ? b.min : b.max) = n;
  }
  if (b.min && b.max && *b.min > *b.max) {
    d.error(min->value.line, min->value.path,
            "min (" + std::to_string(*b.min) + ") > max (" + std::to_string(*b.max) + ")");
  }
  return b;
}

Dims parse_dims(Diagnostics& d, const MapReader& top) {
  Dims dims;
  const MapReader::Entry* entry = top.find("dims");
  if (entry == nullptr || kind_of(entry->value.node) == Kind::Null) return dims;
  std::optional<MapReader> map = MapReader::open_any(d, entry->value);
  if (!map) return dims;
  for (const MapReader::Entry& e : map->entries()) {
    if (!is_identifier(e.key) || schema::contains(schema::kHints, e.key)) {
      d.error(e.key_line, e.value.path,
              "a dim name must be an identifier other than auto, dynamic and static");
      continue;
    }
    // Declared even if its bounds are broken, so its uses do not also fail.
    dims.names.insert(e.key);
    json bounds = json::object();
    if (kind_of(e.value.node) != Kind::Null) {
      if (std::optional<MapReader> m = MapReader::open(d, e.value, {"min", "max"})) {
        Bounds b = read_bounds(d, *m);
        if (b.min) bounds["min"] = *b.min;
        if (b.max) bounds["max"] = *b.max;
      }
    }
    dims.spec[e.key] = bounds;
  }
  return dims;
}

json hint(const std::string& name, std::optional<std::int64_t> min = std::nullopt,
          std::optional<std::int64_t> max = std::nullopt) {
  return json{{"hint", name},
              {"min", min ? json(*min) : json(nullptr)},
              {"max", max ? json(*max) : json(nullptr)}};
}

json parse_dim(Diagnostics& d, const Value& v, const Dims& dims) {
  switch (kind_of(v.node)) {
    case Kind::Null: return nullptr;
    case Kind::Map: {
      std::optional<MapReader> m = MapReader::open(d, v, {"hint", "min", "max"}, {"hint"});
      if (!m || !m->has("hint")) return nullptr;
      const Value& h = m->find("hint")->value;
      std::optional<std::string> name = read_string(d, h);
      if (!name) return nullptr;
      if (!schema::contains(schema::kHints, *name)) {
        d.error(h.line, h.path, "unknown hint '" + *name + "'; hints are auto, dynamic, static");
        return nullptr;
      }
      Bounds b = read_bounds(d, *m);
      if (*name == "static" && (m->has("min") || m->has("max"))) {
        d.error(v.line, v.path, "min / max only apply to the hints auto and dynamic");
      }
      return hint(*name, b.min, b.max);
    }
    case Kind::String: {
      const std::string& text = v.node.Scalar();
      if (schema::contains(schema::kHints, text)) return hint(text);
      std::optional<DimExpression> expr = parse_dim_expression(text);
      if (!expr) {
        d.error(v.line, v.path, std::string(kDimForms) + "; got '" + text + "'");
        return nullptr;
      }
      if (schema::contains(schema::kHints, expr->name)) {
        d.error(v.line, v.path, "a hint cannot be part of an expression: '" + text + "'");
        return nullptr;
      }
      if (!dims.names.contains(expr->name)) {
        d.error(v.line, v.path,
                "unknown dim '" + expr->name + "' (declare it under dynamic_shapes.dims)");
        return nullptr;
      }
      if (!expr->derived) return json{{"dim", expr->name}};
      if (expr->mul < 1) {
        d.error(v.line, v.path, "the factor in '" + text + "' must be >= 1");
        return nullptr;
      }
      return json{{"dim", expr->name}, {"mul", expr->mul}, {"add", expr->add}};
    }
    default:
      d.error(v.line, v.path, std::string(kDimForms) + "; got " + describe(v.node));
      return nullptr;
  }
}

std::optional<std::size_t> dim_index(const std::string& key) {
  std::size_t i = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), i);
  if (key.empty() || ec != std::errc() || end != key.data() + key.size()) return std::nullopt;
  return i;
}

// A tensor's SHAPE: {index: DIM} or [DIM per dim] → {"index": DIM}. Static
// (null) dims are left out: torch treats unlisted dims as static, and warns
// that None is deprecated.
json parse_tensor_shape(Diagnostics& d, const Value& v, const json& tensor, const Dims& dims) {
  const std::size_t rank = tensor.at("shape").size();
  json out = json::object();
  const Kind kind = kind_of(v.node);
  if (kind == Kind::Map) {
    std::optional<MapReader> m = MapReader::open_any(d, v);
    for (const MapReader::Entry& e : m->entries()) {
      std::optional<std::size_t> i = dim_index(e.key);
      json dim = parse_dim(d, e.value, dims);
      if (!i) {
        d.error(e.key_line, e.value.path, "a dim index must be an int in [0, " +
                                              std::to_string(rank) + "), got '" + e.key + "'");
      } else if (*i >= rank) {
        d.error(e.key_line, e.value.path,
                "index " + e.key + " is out of range for a tensor of rank " +
                    std::to_string(rank) + " (shape " + shape_text(tensor) + ")");
      } else if (out.contains(std::to_string(*i))) {
        d.error(e.key_line, e.value.path, "dim " + std::to_string(*i) + " is given twice");
      } else if (!dim.is_null()) {
        out[std::to_string(*i)] = dim;
      }
    }
    return out;
  }
  if (kind == Kind::List) {
    std::vector<Value> items = *read_list(d, v);
    if (items.size() != rank) {
      d.error(v.line, v.path,
              "lists " + std::to_string(items.size()) + " dims, but the input tensor has rank " +
                  std::to_string(rank) + " (shape " + shape_text(tensor) + ")");
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      json dim = parse_dim(d, items[i], dims);
      if (!dim.is_null() && i < rank) out[std::to_string(i)] = dim;
    }
    return out;
  }
  d.error(v.line, v.path,
          "expected {index: DIM} or [DIM per dim] for a tensor of shape " + shape_text(tensor) +
              ", got " + describe(v.node));
  return out;
}

// A SHAPE mirrors its INPUT: tensor → dims, list / tuple → list, dict /
// dataclass → map by key / field (keys left out are null), int → one DIM.
json parse_shape(Diagnostics& d, const Value& v, const json& input, const Dims& dims) {
  if (kind_of(v.node) == Kind::Null || input.is_null()) return nullptr;
  const std::string kind = input.at("kind");
  if (kind == "tensor") return parse_tensor_shape(d, v, input, dims);
  if (kind == "list" || kind == "tuple") {
    std::optional<std::vector<Value>> items = read_list(d, v);
    if (!items) return nullptr;
    const json& inputs = input.at("items");
    if (items->size() != inputs.size()) {
      d.error(v.line, v.path,
              "has " + std::to_string(items->size()) + " shapes, but the input is a " + kind +
                  " of " + std::to_string(inputs.size()) + " items");
      return nullptr;
    }
    json out = json::array();
    for (std::size_t i = 0; i < items->size(); ++i) {
      out.push_back(parse_shape(d, (*items)[i], inputs[i], dims));
    }
    return out;
  }
  if (kind == "dict" || kind == "dataclass") {
    std::optional<MapReader> m = MapReader::open_any(d, v);
    if (!m) return nullptr;
    const json& members = input.at(kind == "dict" ? "items" : "fields");
    json out = json::object();
    for (auto it = members.begin(); it != members.end(); ++it) out[it.key()] = nullptr;
    for (const MapReader::Entry& e : m->entries()) {
      if (!members.contains(e.key)) {
        std::string known;
        for (auto it = members.begin(); it != members.end(); ++it) {
          known += (known.empty() ? "" : ", ") + it.key();
        }
        d.error(e.key_line, e.value.path,
                std::string(kind == "dict" ? "no key '" : "no field '") + e.key +
                    "' in the input " + kind + " (it has: " + known + ")");
        continue;
      }
      out[e.key] = parse_shape(d, e.value, members.at(e.key), dims);
    }
    return out;
  }
  // torch.export can make an int input dynamic (exporter/dynamic_shapes.py
  // passes the DIM on); floats, bools and None have nothing to vary.
  if (kind == "int") return parse_dim(d, v, dims);
  d.error(v.line, v.path,
          "the input is " + input_kind_phrase(input) +
              "; only tensors and ints can be dynamic, so its shape must be null");
  return nullptr;
}

json parse_named_form(Diagnostics& d, const MapReader& top, const json& inputs, const Dims& dims) {
  const json& args = inputs.at("args");
  const json& kwargs = inputs.at("kwargs");
  json out = {{"mode", "dims"}, {"dims", dims.spec}};
  out["args"] = json::array();
  for (std::size_t i = 0; i < args.size(); ++i) out["args"].push_back(nullptr);
  out["kwargs"] = json::object();
  for (auto it = kwargs.begin(); it != kwargs.end(); ++it) out["kwargs"][it.key()] = nullptr;

  if (const MapReader::Entry* e = top.find("args")) {
    if (std::optional<std::vector<Value>> shapes = read_list(d, e->value)) {
      if (shapes->size() != args.size()) {
        d.error(e->value.line, e->value.path,
                "has " + std::to_string(shapes->size()) + " shapes, but inputs.args has " +
                    std::to_string(args.size()) + " inputs");
      }
      for (std::size_t i = 0; i < shapes->size() && i < args.size(); ++i) {
        out["args"][i] = parse_shape(d, (*shapes)[i], args[i], dims);
      }
    }
  }
  if (const MapReader::Entry* e = top.find("kwargs")) {
    if (std::optional<MapReader> shapes = MapReader::open_any(d, e->value)) {
      for (const MapReader::Entry& s : shapes->entries()) {
        if (!kwargs.contains(s.key)) {
          d.error(s.key_line, s.value.path, "no keyword input '" + s.key + "' in inputs.kwargs");
          continue;
        }
        out["kwargs"][s.key] = parse_shape(d, s.value, kwargs.at(s.key), dims);
      }
    }
  }
  return out;
}

json parse_shapes_collection(Diagnostics& d, const MapReader& top, const json& inputs,
                             const Dims& dims) {
  json entries = json::array();
  const Value& list = top.find("shapes_collection")->value;
  std::optional<std::vector<Value>> items = read_list(d, list);
  if (!items) return nullptr;
  if (items->empty()) d.error(list.line, list.path, "list at least one {input, shape}");
  std::set<std::string> seen;
  for (const Value& item : *items) {
    std::optional<MapReader> m = MapReader::open(d, item, {"input", "shape"}, {"input", "shape"});
    if (!m || !m->has("input") || !m->has("shape")) continue;
    const Value& where = m->find("input")->value;
    std::optional<std::string> dotted = read_string(d, where);
    if (!dotted) continue;
    InputPath resolved = resolve_input_path(inputs, *dotted);
    if (resolved.status == InputPath::Status::kError) {
      d.error(where.line, where.path, resolved.message);
      continue;
    }
    if (resolved.status == InputPath::Status::kBrokenInput) continue;
    if (!seen.insert(resolved.path.dump()).second) {
      d.error(where.line, where.path, "'" + *dotted + "' already has a shape above");
      continue;
    }
    const Value& shape = m->find("shape")->value;
    json parsed = kind_of(shape.node) == Kind::Null
                      ? json(nullptr)
                      : parse_tensor_shape(d, shape, *resolved.input, dims);
    entries.push_back(json{{"path", resolved.path}, {"shape", parsed}});
  }
  return json{{"mode", "shapes_collection"}, {"dims", dims.spec}, {"entries", entries}};
}

json parse_additional_inputs(Diagnostics& d, const MapReader& top, const json& inputs) {
  const Value& list = top.find("additional_inputs")->value;
  std::optional<std::vector<Value>> items = read_list(d, list);
  if (!items) return nullptr;
  if (items->empty()) d.error(list.line, list.path, "list at least one {args, kwargs} input set");
  json sets = json::array();
  for (const Value& item : *items) {
    json set = parse_input_set(d, item);
    check_same_input_set(d, inputs, set, item);
    sets.push_back(set);
  }
  return json{{"mode", "additional_inputs"}, {"inputs", sets}};
}

}  // namespace

json parse_dynamic_shapes(Diagnostics& d, const Value& v, const json& inputs) {
  if (kind_of(v.node) == Kind::Null) return nullptr;
  const std::size_t before = d.count();
  std::optional<MapReader> top = MapReader::open(
      d, v, {"dims", "args", "kwargs", "shapes_collection", "additional_inputs"});
  if (!top) return nullptr;
  const bool named = top->has("args") || top->has("kwargs");
  const bool collection = top->has("shapes_collection");
  const bool additional = top->has("additional_inputs");
  const int forms = int(named) + int(collection) + int(additional);
  if (forms != 1) {
    d.error(v.line, v.path,
            std::string(forms == 0 ? "expected" : "use exactly one of") +
                " args / kwargs (with dims), shapes_collection (with dims) or additional_inputs");
    return nullptr;
  }
  if (additional && top->has("dims")) {
    const MapReader::Entry* e = top->find("dims");
    d.error(e->key_line, e->value.path,
            "additional_inputs takes no dims: torch infers the dynamic dims from the inputs");
  }
  json out;
  if (additional) {
    out = parse_additional_inputs(d, *top, inputs);
  } else {
    Dims dims = parse_dims(d, *top);
    out = named ? parse_named_form(d, *top, inputs, dims)
                : parse_shapes_collection(d, *top, inputs, dims);
  }
  return d.count() == before ? out : json(nullptr);
}

}  // namespace exportcheck::catalog::detail

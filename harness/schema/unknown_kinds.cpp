#include "harness/schema/unknown_kinds.h"

#include <functional>
#include <set>
#include <string_view>
#include <utility>

namespace exportcheck::schema {

namespace {

const std::set<std::string, std::less<>>& argument_kinds() {
  static const std::set<std::string, std::less<>> kinds = {
      "as_none", "as_tensor", "as_tensors", "as_int", "as_ints", "as_float", "as_floats",
      "as_string", "as_strings", "as_sym_int", "as_sym_ints", "as_scalar_type", "as_memory_format",
      "as_layout", "as_device", "as_bool", "as_bools", "as_sym_bool", "as_sym_bools", "as_graph",
      "as_optional_tensors", "as_custom_obj", "as_operator", "as_sym_float", "as_sym_floats",
      "as_optional_tensor", "as_complex", "as_nested_tensors", "as_int_lists",
      "as_string_to_argument", "as_float_lists"};
  return kinds;
}

const std::set<std::string, std::less<>> kInputSpecKinds = {
    "user_input", "parameter", "buffer", "tensor_constant", "custom_obj", "token", "constant_input"};
const std::set<std::string, std::less<>> kOutputSpecKinds = {
    "user_output", "loss_output", "buffer_mutation", "gradient_to_parameter", "gradient_to_user_input",
    "user_input_mutation", "token", "parameter_mutation"};
const std::set<std::string, std::less<>> kConstantKinds = {"as_none", "as_int", "as_float", "as_string", "as_bool"};

bool single_key_of(const Json& v, std::initializer_list<std::string_view> keys) {
  if (!v.is_object() || v.size() != 1) return false;
  for (std::string_view k : keys)
    if (v.contains(k)) return true;
  return false;
}

// Calls `each(argument, path)` for every Argument of the program (graph
// inputs/outputs, node inputs/outputs, signature specs), subgraphs included.
// `each` returns false to stop.
class ArgumentWalker {
 public:
  using Visit = std::function<bool(Json& arg, const std::string& path)>;
  explicit ArgumentWalker(Visit each) : each_(std::move(each)) {}

  bool program(Json& p) {
    if (!p.is_object() || !p.contains("graph_module") || !p["graph_module"].is_object()) return true;
    Json& gm = p["graph_module"];
    if (gm.contains("graph") && !graph(gm["graph"], "/graph_module/graph", 0)) return false;
    if (!gm.contains("signature") || !gm["signature"].is_object()) return true;
    Json& sig = gm["signature"];
    return specs(sig, "input_specs", "user_input") && specs(sig, "output_specs", "user_output");
  }

  bool argument(Json& arg, const std::string& path, int depth) {
    if (depth > 64) return true;  // left for the schema parse and the validator
    if (!each_(arg, path)) return false;
    if (!arg.is_object() || arg.size() != 1) return true;
    const std::string kind = arg.begin().key();
    Json& value = arg.begin().value();
    if (kind == "as_graph" && value.is_object() && value.contains("graph"))
      return graph(value["graph"], path + "/as_graph/graph", depth + 1);
    if (kind == "as_string_to_argument" && value.is_object())
      for (auto& item : value.items())
        if (!argument(item.value(), path + "/as_string_to_argument/" + item.key(), depth + 1)) return false;
    return true;
  }

 private:
  bool arguments(Json& list, const std::string& path, int depth) {
    if (!list.is_array()) return true;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!argument(list[i], path + "/" + std::to_string(i), depth)) return false;
    return true;
  }

  bool graph(Json& g, const std::string& path, int depth) {
    if (!g.is_object() || depth > 64) return true;
    if (g.contains("inputs") && !arguments(g["inputs"], path + "/inputs", depth)) return false;
    if (g.contains("nodes") && g["nodes"].is_array()) {
      Json& nodes = g["nodes"];
      for (std::size_t n = 0; n < nodes.size(); ++n) {
        Json& node = nodes[n];
        if (!node.is_object()) continue;
        const std::string at = path + "/nodes/" + std::to_string(n);
        if (node.contains("inputs") && node["inputs"].is_array()) {
          Json& inputs = node["inputs"];
          for (std::size_t i = 0; i < inputs.size(); ++i)
            if (inputs[i].is_object() && inputs[i].contains("arg") &&
                !argument(inputs[i]["arg"], at + "/inputs/" + std::to_string(i) + "/arg", depth))
              return false;
        }
        if (node.contains("outputs") && !arguments(node["outputs"], at + "/outputs", depth)) return false;
      }
    }
    if (g.contains("outputs") && !arguments(g["outputs"], path + "/outputs", depth)) return false;
    return true;
  }

  bool specs(Json& sig, const char* list, const char* user_kind) {
    if (!sig.contains(list) || !sig[list].is_array()) return true;
    Json& items = sig[list];
    for (std::size_t i = 0; i < items.size(); ++i) {
      Json& spec = items[i];
      if (spec.is_object() && spec.contains(user_kind) && spec[user_kind].is_object() && spec[user_kind].contains("arg") &&
          !argument(spec[user_kind]["arg"], "/graph_module/signature/" + std::string(list) + "/" +
                                                std::to_string(i) + "/" + user_kind + "/arg", 0))
        return false;
    }
    return true;
  }

  Visit each_;
};

// The inner unions of an argument of a known kind (sym ints, optional tensors).
bool inner_unions_known(const std::string& kind, const Json& value) {
  auto each = [&](auto&& ok) {
    if (!value.is_array()) return false;
    for (const Json& v : value)
      if (!ok(v)) return false;
    return true;
  };
  auto sym_int = [](const Json& v) { return single_key_of(v, {"as_name", "as_int"}); };
  auto sym_bool = [](const Json& v) { return single_key_of(v, {"as_name", "as_bool"}); };
  auto sym_float = [](const Json& v) { return single_key_of(v, {"as_name", "as_float"}); };
  auto optional_tensor = [](const Json& v) { return single_key_of(v, {"as_tensor", "as_none"}); };
  if (kind == "as_sym_int") return sym_int(value);
  if (kind == "as_sym_ints") return each(sym_int);
  if (kind == "as_sym_bool") return sym_bool(value);
  if (kind == "as_sym_bools") return each(sym_bool);
  if (kind == "as_sym_float") return sym_float(value);
  if (kind == "as_sym_floats") return each(sym_float);
  if (kind == "as_optional_tensor") return optional_tensor(value);
  if (kind == "as_optional_tensors") return each(optional_tensor);
  return true;
}

// A SymExpr's optional hint must be null or a SymExprHint of a known kind.
bool valid_hint(const Json& expr) {
  if (!expr.is_object()) return false;
  const auto hint = expr.find("hint");
  if (hint == expr.end() || hint->is_null()) return true;
  return hint->is_object() && hint->size() == 1 &&
         (hint->contains("as_int") || hint->contains("as_float") || hint->contains("as_bool"));
}

bool is_sym_int(const Json& v) { return single_key_of(v, {"as_int", "as_expr"}); }

// Tensor metas with a missing field or a size/stride/offset that is not a
// SymInt, sym_*_values of an unknown kind, and symbolic expressions with a
// hint of an unknown kind (each found by fuzz/fuzz_model_json).
std::string empty_union_at(const Json& j, const std::string& path, int depth = 0) {
  if (depth > 256) return path;
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (std::string p = empty_union_at(j[i], path + "/" + std::to_string(i), depth + 1); !p.empty()) return p;
    return "";
  }
  if (!j.is_object()) return "";
  for (const auto& [key, value] : j.items()) {
    const std::string at = path + "/" + key;
    if (key == "as_expr" && !valid_hint(value)) return at + "/hint";
    for (const auto& [list, literal] : {std::pair{"sym_int_values", "as_int"}, std::pair{"sym_bool_values", "as_bool"},
                                        std::pair{"sym_float_values", "as_float"}})
      if (key == list && value.is_object())
        for (const auto& [name, v] : value.items())
          if (!v.is_object() || v.size() != 1 || !(v.contains(literal) || v.contains("as_expr"))) return at + "/" + name;
    if (key == "tensor_values" && value.is_object()) {
      for (const auto& [name, meta] : value.items()) {
        const std::string m = at + "/" + name;
        if (!meta.is_object()) return m;
        for (const char* field : {"dtype", "sizes", "requires_grad", "device", "strides", "storage_offset", "layout"})
          if (!meta.contains(field)) return m + "/" + field;
        if (!is_sym_int(meta["storage_offset"])) return m + "/storage_offset";
        for (const char* list : {"sizes", "strides"}) {
          if (!meta[list].is_array()) return m + "/" + list;
          for (const Json& v : meta[list])
            if (!is_sym_int(v)) return m + "/" + list;
        }
      }
    }
    if (std::string p = empty_union_at(value, at, depth + 1); !p.empty()) return p;
  }
  return "";
}

// Input and output specs of unknown kind, and constant_input values.
std::string unknown_spec_at(const Json& program) {
  const Json* sig = nullptr;
  if (program.contains("graph_module") && program["graph_module"].is_object() &&
      program["graph_module"].contains("signature"))
    sig = &program["graph_module"]["signature"];
  if (!sig || !sig->is_object()) return "";
  for (const auto& [list, kinds] : {std::pair{"input_specs", &kInputSpecKinds}, std::pair{"output_specs", &kOutputSpecKinds}}) {
    if (!sig->contains(list) || !(*sig)[list].is_array()) continue;
    const Json& items = (*sig)[list];
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string at = "/graph_module/signature/" + std::string(list) + "/" + std::to_string(i);
      const Json& spec = items[i];
      if (!spec.is_object() || spec.size() != 1 || !kinds->contains(spec.begin().key())) return at;
      if (spec.contains("constant_input")) {
        const Json& c = spec["constant_input"];
        if (!c.is_object() || !c.contains("value") || !c["value"].is_object() || c["value"].size() != 1 ||
            !kConstantKinds.contains(c["value"].begin().key()))
          return at + "/constant_input/value";
      }
    }
  }
  return "";
}

}  // namespace

void mark_unknown_arguments(Json& program) {
  ArgumentWalker([](Json& arg, const std::string&) {
    if (!arg.is_object()) return true;  // left for the schema parse to report
    if (arg.empty()) arg = Json{{"as_operator", "<unknown:empty>"}};
    else if (!argument_kinds().contains(arg.begin().key())) arg = Json{{"as_operator", "<unknown:" + arg.begin().key() + ">"}};
    return true;
  }).program(program);
}

std::string unknown_value_at(Json program) {
  std::string found;
  ArgumentWalker([&found](Json& arg, const std::string& path) {
    if (!arg.is_object()) return true;
    if (arg.size() != 1 || !argument_kinds().contains(arg.begin().key()) ||
        !inner_unions_known(arg.begin().key(), arg.begin().value())) {
      found = path;
      return false;
    }
    return true;
  }).program(program);
  if (!found.empty()) return found;
  if (std::string at = unknown_spec_at(program); !at.empty()) return at;
  return empty_union_at(program, "");
}

}  // namespace exportcheck::schema

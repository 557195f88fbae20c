// The only translation unit of validate/ that includes torch's export schema.
// JSON_DIAGNOSTICS: nlohmann names the JSON path of a mismatch (and uses its
// own ABI namespace, so this file does not clash with plain nlohmann users).
#define JSON_DIAGNOSTICS 1
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Warray-bounds"  // false positive inside nlohmann (see ir_printer.cpp)
#endif
#include <torch/csrc/utils/generated_serialization_types.h>

#include <algorithm>
#include <set>
#include <variant>

#include "harness/golden/ir_printer.h"
#include "harness/golden/json_integers.h"
#include "harness/validate/schema_reader.h"

namespace exportcheck::validate {

namespace te = torch::_export;
using nlohmann::json;

namespace {

constexpr int kMaxGraphDepth = 64;  // nested subgraphs; deeper is damage, not a program

// "(/a/b) message" from a JSON_DIAGNOSTICS exception -> field "/a/b".
SchemaError schema_error(const std::exception& e, const std::string& what) {
  const std::string text = e.what();
  std::string field;
  if (auto open = text.find("(/"); open != std::string::npos)
    if (auto close = text.find(')', open); close != std::string::npos) field = text.substr(open + 1, close - open - 1);
  return SchemaError(field, what + ": " + text);
}

json parse_object(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw SchemaError("", std::string("invalid JSON: ") + e.what());
  }
  if (!j.is_object()) throw SchemaError("", "not a JSON object");
  return j;
}

template <typename T>
T parse_as(const std::string& text, const char* what) {
  const json j = parse_object(text);
  if (std::string at = out_of_range_integer(j); !at.empty())
    throw SchemaError(at, std::string("does not match the export schema's ") + what + ": the number at " + at +
                              " is out of the integer range");
  try {
    return j.get<T>();
  } catch (const std::exception& e) {  // json errors, throwing enums and variants inside the schema code
    throw schema_error(e, std::string("does not match the export schema's ") + what);
  }
}

// Walks every graph, checking that each tensor name used or defined has a
// meta in its graph or an enclosing one.
class MetaWalker {
 public:
  MetaWalker(std::string entry, std::vector<Finding>& out) : entry_(std::move(entry)), out_(out) {}

  struct Scope {
    const te::Graph* graph;
    const Scope* parent;
  };

  void graph(const te::Graph& g, const Scope* parent, const std::string& where, int depth) {
    if (depth > kMaxGraphDepth) {
      missing("", where, "subgraphs nested deeper than " + std::to_string(kMaxGraphDepth));
      return;
    }
    const Scope scope{&g, parent};
    for (std::size_t i = 0; i < g.get_inputs().size(); ++i)
      argument(g.get_inputs()[i], scope, where + "/inputs/" + std::to_string(i), depth);
    for (std::size_t n = 0; n < g.get_nodes().size(); ++n) {
      const te::Node& node = g.get_nodes()[n];
      const std::string at = where + "/nodes/" + std::to_string(n);
      for (std::size_t i = 0; i < node.get_inputs().size(); ++i)
        argument(node.get_inputs()[i].get_arg(), scope, at + "/inputs/" + std::to_string(i), depth);
      for (std::size_t i = 0; i < node.get_outputs().size(); ++i)
        argument(node.get_outputs()[i], scope, at + "/outputs/" + std::to_string(i), depth);
    }
    for (std::size_t i = 0; i < g.get_outputs().size(); ++i)
      argument(g.get_outputs()[i], scope, where + "/outputs/" + std::to_string(i), depth);
  }

  void tensor(const std::string& name, const Scope& scope, const std::string& where) {
    for (const Scope* s = &scope; s != nullptr; s = s->parent)
      if (s->graph->get_tensor_values().contains(name)) return;
    missing(name, where, "tensor '" + name + "' has no entry in tensor_values");
  }

  void argument(const te::Argument& a, const Scope& scope, const std::string& where, int depth) {
    using T = te::Argument::Tag;
    try {
      switch (a.tag()) {
        case T::AS_TENSOR: tensor(a.get_as_tensor().get_name(), scope, where); break;
        case T::AS_TENSORS:
          for (const auto& t : a.get_as_tensors()) tensor(t.get_name(), scope, where);
          break;
        case T::AS_OPTIONAL_TENSOR:
          if (a.get_as_optional_tensor().tag() == te::OptionalTensorArgument::Tag::AS_TENSOR)
            tensor(a.get_as_optional_tensor().get_as_tensor().get_name(), scope, where);
          break;
        case T::AS_OPTIONAL_TENSORS:
          for (const auto& t : a.get_as_optional_tensors())
            if (t.tag() == te::OptionalTensorArgument::Tag::AS_TENSOR) tensor(t.get_as_tensor().get_name(), scope, where);
          break;
        case T::AS_NESTED_TENSORS:
          for (const auto& v : a.get_as_nested_tensors())
            for (const auto& t : v) tensor(t.get_name(), scope, where);
          break;
        case T::AS_GRAPH:
          graph(*a.get_as_graph().get_graph(), &scope, where + "/as_graph/graph", depth + 1);
          break;
        case T::AS_STRING_TO_ARGUMENT:
          for (const auto& [k, v] : a.get_as_string_to_argument()) argument(*v, scope, where + "/" + k, depth);
          break;
        default: break;
      }
    } catch (const std::bad_variant_access&) {
      // An argument kind newer than this build's schema: nothing to check.
    }
  }

  void signature(const te::GraphSignature& sig, const Scope& top) {
    const std::string base = "/graph_module/signature";
    for (std::size_t i = 0; i < sig.get_input_specs().size(); ++i) {
      const te::InputSpec& spec = sig.get_input_specs()[i];
      const std::string at = base + "/input_specs/" + std::to_string(i);
      using T = te::InputSpec::Tag;
      try {
        switch (spec.tag()) {
          case T::USER_INPUT: argument(spec.get_user_input().get_arg(), top, at, 0); break;
          case T::PARAMETER: tensor(spec.get_parameter().get_arg().get_name(), top, at); break;
          case T::BUFFER: tensor(spec.get_buffer().get_arg().get_name(), top, at); break;
          case T::TENSOR_CONSTANT: tensor(spec.get_tensor_constant().get_arg().get_name(), top, at); break;
          default: break;
        }
      } catch (const std::bad_variant_access&) {
      }
    }
    for (std::size_t i = 0; i < sig.get_output_specs().size(); ++i) {
      const te::OutputSpec& spec = sig.get_output_specs()[i];
      const std::string at = base + "/output_specs/" + std::to_string(i);
      using T = te::OutputSpec::Tag;
      try {
        switch (spec.tag()) {
          case T::USER_OUTPUT: argument(spec.get_user_output().get_arg(), top, at, 0); break;
          case T::BUFFER_MUTATION: tensor(spec.get_buffer_mutation().get_arg().get_name(), top, at); break;
          case T::PARAMETER_MUTATION: tensor(spec.get_parameter_mutation().get_arg().get_name(), top, at); break;
          case T::USER_INPUT_MUTATION: tensor(spec.get_user_input_mutation().get_arg().get_name(), top, at); break;
          case T::LOSS_OUTPUT: tensor(spec.get_loss_output().get_arg().get_name(), top, at); break;
          default: break;
        }
      } catch (const std::bad_variant_access&) {
      }
    }
  }

 private:
  void missing(const std::string& name, const std::string& where, const std::string& message) {
    // One finding per tensor: a damaged graph could otherwise repeat one name thousands of times.
    if (!name.empty() && !reported_.insert(name).second) return;
    out_.push_back({"tensor-meta", entry_, where, message});
  }

  std::string entry_;
  std::vector<Finding>& out_;
  std::set<std::string> reported_;
};

// A SymExpr's optional hint must be null or a SymExprHint of a known kind.
bool valid_hint(const json& expr) {
  if (!expr.is_object()) return false;
  const auto hint = expr.find("hint");
  if (hint == expr.end() || hint->is_null()) return true;
  return hint->is_object() && hint->size() == 1 &&
         (hint->contains("as_int") || hint->contains("as_float") || hint->contains("as_bool"));
}

bool is_sym_int(const json& v) {
  return v.is_object() && v.size() == 1 && (v.contains("as_int") || v.contains("as_expr"));
}

// Values the schema's from_json leaves as empty unions without complaint and
// the printer does not show: tensor metas with a missing field or a
// size/stride/offset that is not a SymInt, sym_*_values of an unknown kind,
// and symbolic expressions with a hint of an unknown kind (see
// reencode_program; each found by fuzz/fuzz_model_json). Returns where, or "".
std::string empty_union_at(const json& j, const std::string& path, int depth = 0) {
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
    // Symbolic values the graph lists: each one kind, as_expr or its literal.
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
          for (const json& v : meta[list])
            if (!is_sym_int(v)) return m + "/" + list;
        }
      }
    }
    if (std::string p = empty_union_at(value, at, depth + 1); !p.empty()) return p;
  }
  return "";
}

}  // namespace

std::pair<int, int> read_schema_version(const std::string& json_text) {
  const json j = parse_object(json_text);
  const auto it = j.find("schema_version");
  if (it == j.end() || !it->is_object()) throw SchemaError("/schema_version", "missing schema_version");
  auto number = [&](const char* key) {
    const auto v = it->find(key);
    if (v == it->end() || !v->is_number_integer())
      throw SchemaError(std::string("/schema_version/") + key, std::string("schema_version.") + key + " is not an integer");
    return v->get<int>();
  };
  return {number("major"), number("minor")};
}

ProgramFacts read_program(const std::string& json_text, const std::string& entry) {
  const auto program = parse_as<te::ExportedProgram>(json_text, "ExportedProgram");
  ProgramFacts facts;
  facts.schema_major = static_cast<int>(program.get_schema_version().get_major());
  facts.schema_minor = static_cast<int>(program.get_schema_version().get_minor());
  facts.torch_version = program.get_torch_version();
  MetaWalker walker(entry, facts.findings);
  const te::Graph& g = program.get_graph_module().get_graph();
  const MetaWalker::Scope top{&g, nullptr};
  walker.graph(g, nullptr, "/graph_module/graph", 0);
  walker.signature(program.get_graph_module().get_signature(), top);
  return facts;
}

std::vector<PayloadEntry> read_payload_config(const std::string& json_text) {
  const auto config = parse_as<te::PayloadConfig>(json_text, "PayloadConfig");
  std::vector<PayloadEntry> out;
  try {
    for (const auto& [key, meta] : config.get_config()) {
      PayloadEntry e{key, meta.get_path_name(), meta.get_is_param(), meta.get_use_pickle(), std::nullopt};
      if (const auto& m = meta.get_tensor_meta()) {
        TensorLayout t;
        t.dtype = static_cast<std::int64_t>(m->get_dtype());
        auto value = [&](const te::SymInt& s) -> std::int64_t {
          if (s.tag() == te::SymInt::Tag::AS_INT) return s.get_as_int();
          t.symbolic = true;
          return 0;
        };
        for (const te::SymInt& s : m->get_sizes()) t.sizes.push_back(value(s));
        for (const te::SymInt& s : m->get_strides()) t.strides.push_back(value(s));
        t.storage_offset = value(m->get_storage_offset());
        e.meta = std::move(t);
      }
      out.push_back(std::move(e));
    }
  } catch (const std::bad_variant_access&) {
    throw SchemaError("", "a tensor_meta size, stride or offset is neither an int nor an expression");
  }
  std::sort(out.begin(), out.end(), [](const PayloadEntry& a, const PayloadEntry& b) { return a.key < b.key; });
  return out;
}

std::string reencode_program(const std::string& json_text) {
  const auto program = parse_as<te::ExportedProgram>(json_text, "ExportedProgram");
  // A union value of a kind this schema does not know is left empty by
  // from_json, and to_json of it throws from inside nlohmann's constructors,
  // which leaks (found by fuzz/fuzz_model_json). The printer renders such
  // values as <unknown...>: refuse those programs before writing.
  if (std::string where = empty_union_at(parse_object(json_text), ""); !where.empty())
    throw SchemaError(where, "a value at " + where + " is missing or of a kind this build's schema does not know: not re-encoded");
  try {
    if (print_program(program).find("<unknown") != std::string::npos)
      throw SchemaError("", "holds a value of a kind this build's schema does not know: not re-encoded");
  } catch (const SchemaError&) {
    throw;
  } catch (const std::exception& e) {
    throw SchemaError("", std::string("cannot walk the program: ") + e.what());
  }
  try {
    return json(program).dump();
  } catch (const std::exception& e) {  // e.g. an argument kind this build's schema does not know
    throw SchemaError("", std::string("cannot write the program back (") + e.what() + "): not re-encoded");
  }
}

std::string reencode_payload_config(const std::string& json_text) {
  const auto config = parse_as<te::PayloadConfig>(json_text, "PayloadConfig");
  try {
    return json(config).dump();
  } catch (const std::exception& e) {
    throw SchemaError("", std::string("cannot write the config back: ") + e.what());
  }
}

}  // namespace exportcheck::validate

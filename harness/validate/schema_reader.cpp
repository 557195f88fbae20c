// The validator's reads of model JSON and payload configs, through schema/model_reader.
#include "harness/schema/torch_schema.h"

#include <algorithm>
#include <set>
#include <variant>

#include "harness/schema/model_reader.h"
#include "harness/validate/schema_reader.h"

namespace exportcheck::validate {

namespace te = torch::_export;
using schema::Json;

namespace {

constexpr int kMaxGraphDepth = 64;  // nested subgraphs; deeper is damage, not a program

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

}  // namespace

std::pair<int, int> read_schema_version(const std::string& json_text) { return schema::read_schema_version(json_text); }

ProgramFacts read_program(const std::string& json_text, const std::string& entry) {
  const auto program = schema::parse_model(json_text);
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
  const auto config = schema::parse_payload_config(json_text);
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
  // A union value of a kind this schema does not know is left empty by
  // from_json, and to_json of it throws from inside nlohmann's constructors,
  // which leaks (found by fuzz/fuzz_model_json): Refuse finds those first.
  te::ExportedProgram program;
  try {
    program = schema::parse_model(json_text, schema::UnknownKinds::Refuse);
  } catch (const schema::UnknownKindError& e) {
    throw SchemaError(e.field(), std::string(e.what()) + ": not re-encoded");
  }
  try {
    return Json(program).dump();
  } catch (const std::exception& e) {  // e.g. an argument kind this build's schema does not know
    throw SchemaError("", std::string("cannot write the program back (") + e.what() + "): not re-encoded");
  }
}

std::string reencode_payload_config(const std::string& json_text) {
  const auto config = schema::parse_payload_config(json_text);
  try {
    return Json(config).dump();
  } catch (const std::exception& e) {
    throw SchemaError("", std::string("cannot write the config back: ") + e.what());
  }
}

}  // namespace exportcheck::validate

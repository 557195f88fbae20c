// Canonical text of a program: torch's schema structs (parsed by
// schema/model_reader with unknown argument kinds marked) walked in order.
#include "harness/schema/torch_schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <variant>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/golden/ir_printer.h"
#include "harness/schema/dtype.h"
#include "harness/schema/model_reader.h"
#include "harness/symbolic/canonical.h"

namespace exportcheck {

namespace te = torch::_export;
using nlohmann::json;

namespace {

constexpr std::uint64_t kMaxModelJson = std::uint64_t{512} << 20;

// ---- scalar formatting --------------------------------------------------------

std::string format_float(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";  // 1.0, not 1 (that is an int)
  return s;
}

std::string quote(std::string_view s) { return json(std::string(s)).dump(); }

// The schema's unions read from JSON with no or an unknown key are empty, and
// reading them throws std::bad_variant_access: such a value prints as <unknown>.
template <typename F>
std::string or_unknown(F&& f) {
  try {
    return f();
  } catch (const std::bad_variant_access&) {
    return "<unknown>";
  }
}

template <typename T, typename F>
std::string list(const std::vector<T>& items, F&& each) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + each(items[i]);
  return out + "]";
}


// Argument kinds newer than torch 2.11's schema (as_float_lists).
template <class A>
std::optional<std::string> newer_argument(const A& a) {
  if constexpr (requires { A::Tag::AS_FLOAT_LISTS; a.get_as_float_lists(); }) {
    if (a.tag() == A::Tag::AS_FLOAT_LISTS)
      return list(a.get_as_float_lists(), [](const auto& v) {
        return list(v, [](const auto& f) { return format_float(f.get()); });
      });
  }
  return std::nullopt;
}

// Names from the one dtype table; a number it does not know prints as itself.
std::string short_dtype(te::ScalarType t) {
  const auto n = static_cast<std::int64_t>(t);
  if (const schema::Dtype* d = schema::find_dtype(n)) return std::string(d->short_name);
  return "dtype" + std::to_string(n);
}

std::string torch_dtype(te::ScalarType t) {
  const auto n = static_cast<std::int64_t>(t);
  if (const schema::Dtype* d = schema::find_dtype(n)) return std::string(d->torch_name);
  return "dtype(" + std::to_string(n) + ")";
}

std::string torch_layout(te::Layout l) {
  using L = te::Layout;
  switch (l) {
    case L::Strided: return "torch.strided";
    case L::SparseCoo: return "torch.sparse_coo";
    case L::SparseCsr: return "torch.sparse_csr";
    case L::SparseCsc: return "torch.sparse_csc";
    case L::SparseBsr: return "torch.sparse_bsr";
    case L::SparseBsc: return "torch.sparse_bsc";
    case L::_mkldnn: return "torch._mkldnn";
    default: return "layout(" + std::to_string(static_cast<int>(l)) + ")";
  }
}

std::string torch_memory_format(te::MemoryFormat m) {
  using M = te::MemoryFormat;
  switch (m) {
    case M::ContiguousFormat: return "torch.contiguous_format";
    case M::ChannelsLast: return "torch.channels_last";
    case M::ChannelsLast3d: return "torch.channels_last_3d";
    case M::PreserveFormat: return "torch.preserve_format";
    default: return "memory_format(" + std::to_string(static_cast<int>(m)) + ")";
  }
}

std::string device(const te::Device& d) {
  std::string s = d.get_type();
  if (d.get_index()) s += ":" + std::to_string(*d.get_index());
  return "device(" + s + ")";
}

// Natural order for range constraint keys: bare symbols first (s0, s1, s10),
// then expressions.
bool range_key_less(const std::string& a, const std::string& b) {
  auto bare = [](const std::string& s) { return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }); };
  if (bare(a) != bare(b)) return bare(a);
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      const std::string_view na(a.data() + i, ie - i), nb(b.data() + j, je - j);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie, j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

// ---- the printer ---------------------------------------------------------------------

class IrPrinter {
 public:
  explicit IrPrinter(const te::ExportedProgram& program) : program_(program) {}

  std::string print() {
    const te::Graph& graph = program_.get_graph_module().get_graph();
    const Scope top{&graph, nullptr};
    // Rendered in reading order of first use (inputs, then nodes, then any
    // symbol only the range constraints mention), emitted with ranges second.
    const std::string signature = print_signature(top);
    std::string body = "graph:\n";
    print_nodes(graph, top, 1, body);
    const std::string ranges = print_ranges();
    return signature + ranges + body;
  }

 private:
  struct Scope {
    const te::Graph* graph;
    const Scope* parent;
  };

  static std::string indent(int level) { return std::string(2 * static_cast<std::size_t>(level), ' '); }

  std::string sym_int(const te::SymInt& s) {
    return or_unknown([&] {
      if (s.tag() == te::SymInt::Tag::AS_INT) return std::to_string(s.get_as_int());
      return symbolic::render(s.get_as_expr().get_expr_str(), renamer_);
    });
  }

  std::string tensor_meta(const te::TensorMeta& m) {
    std::string out = short_dtype(m.get_dtype()) + list(m.get_sizes(), [&](const te::SymInt& s) { return sym_int(s); });
    if (m.get_layout() != te::Layout::Strided) out += " " + torch_layout(m.get_layout());
    return out;
  }

  // dtype[shape] of a tensor, Sym(expr) of a symbolic scalar, the class of a
  // custom object; looked up from the innermost graph outwards.
  std::string meta(const std::string& name, const Scope& scope) {
    for (const Scope* s = &scope; s != nullptr; s = s->parent) {
      const te::Graph& g = *s->graph;
      if (auto it = g.get_tensor_values().find(name); it != g.get_tensor_values().end()) return tensor_meta(it->second);
      if (auto it = g.get_sym_int_values().find(name); it != g.get_sym_int_values().end())
        return "Sym(" + sym_int(it->second) + ")";
      if (auto it = g.get_sym_bool_values().find(name); it != g.get_sym_bool_values().end()) {
        const te::SymBool& b = it->second;
        return "Sym(" + or_unknown([&] {
                 if (b.tag() == te::SymBool::Tag::AS_BOOL) return std::string(b.get_as_bool() ? "True" : "False");
                 return symbolic::render(b.get_as_expr().get_expr_str(), renamer_);
               }) + ")";
      }
      if (auto it = g.get_sym_float_values().find(name); it != g.get_sym_float_values().end()) {
        const te::SymFloat& f = it->second;
        return "Sym(" + or_unknown([&] {
                 if (f.tag() == te::SymFloat::Tag::AS_FLOAT) return format_float(f.get_as_float().get());
                 return symbolic::render(f.get_as_expr().get_expr_str(), renamer_);
               }) + ")";
      }
      if (auto it = g.get_custom_obj_values().find(name); it != g.get_custom_obj_values().end())
        return it->second.get_class_fqn();
    }
    return "?";
  }

  static std::string ref(const std::string& name) { return "%" + name; }

  static std::string sym_int_arg(const te::SymIntArgument& a) {
    return or_unknown([&] {
      return a.tag() == te::SymIntArgument::Tag::AS_NAME ? ref(a.get_as_name()) : std::to_string(a.get_as_int());
    });
  }
  static std::string sym_bool_arg(const te::SymBoolArgument& a) {
    return or_unknown([&] {
      if (a.tag() == te::SymBoolArgument::Tag::AS_NAME) return ref(a.get_as_name());
      return std::string(a.get_as_bool() ? "True" : "False");
    });
  }
  static std::string sym_float_arg(const te::SymFloatArgument& a) {
    return or_unknown([&] {
      if (a.tag() == te::SymFloatArgument::Tag::AS_NAME) return ref(a.get_as_name());
      return format_float(a.get_as_float().get());
    });
  }
  static std::string optional_tensor(const te::OptionalTensorArgument& a) {
    return or_unknown([&] {
      if (a.tag() == te::OptionalTensorArgument::Tag::AS_TENSOR) return ref(a.get_as_tensor().get_name());
      (void)a.get_as_none();
      return std::string("None");
    });
  }
  static std::string tensor(const te::TensorArgument& t) { return ref(t.get_name()); }
  static std::string boolean(bool b) { return b ? "True" : "False"; }

  // One argument value; graph arguments are collected to print below the node.
  std::string value(const te::Argument& a, std::vector<const te::GraphArgument*>* subgraphs) {
    using T = te::Argument::Tag;
    try {
      switch (a.tag()) {
        case T::AS_NONE: (void)a.get_as_none(); return "None";  // get: an empty (unknown) variant throws
        case T::AS_TENSOR: return tensor(a.get_as_tensor());
        case T::AS_TENSORS: return list(a.get_as_tensors(), tensor);
        case T::AS_INT: return std::to_string(a.get_as_int());
        case T::AS_INTS: return list(a.get_as_ints(), [](int64_t v) { return std::to_string(v); });
        case T::AS_FLOAT: return format_float(a.get_as_float().get());
        case T::AS_FLOATS: return list(a.get_as_floats(), [](const te::F64& f) { return format_float(f.get()); });
        case T::AS_STRING: return quote(renamer_.rename_words(a.get_as_string(), false));
        case T::AS_STRINGS:
          return list(a.get_as_strings(), [&](const std::string& s) { return quote(renamer_.rename_words(s, false)); });
        case T::AS_SYM_INT: return sym_int_arg(a.get_as_sym_int());
        case T::AS_SYM_INTS: return list(a.get_as_sym_ints(), sym_int_arg);
        case T::AS_SCALAR_TYPE: return torch_dtype(a.get_as_scalar_type());
        case T::AS_MEMORY_FORMAT: return torch_memory_format(a.get_as_memory_format());
        case T::AS_LAYOUT: return torch_layout(a.get_as_layout());
        case T::AS_DEVICE: return device(a.get_as_device());
        case T::AS_BOOL: return boolean(a.get_as_bool());
        case T::AS_BOOLS: return list(a.get_as_bools(), boolean);
        case T::AS_SYM_BOOL: return sym_bool_arg(a.get_as_sym_bool());
        case T::AS_SYM_BOOLS: return list(a.get_as_sym_bools(), sym_bool_arg);
        case T::AS_GRAPH:
          if (subgraphs != nullptr) subgraphs->push_back(&a.get_as_graph());
          return "@" + a.get_as_graph().get_name();
        case T::AS_OPTIONAL_TENSORS: return list(a.get_as_optional_tensors(), optional_tensor);
        case T::AS_CUSTOM_OBJ: return ref(a.get_as_custom_obj().get_name());
        case T::AS_OPERATOR: return a.get_as_operator();
        case T::AS_SYM_FLOAT: return sym_float_arg(a.get_as_sym_float());
        case T::AS_SYM_FLOATS: return list(a.get_as_sym_floats(), sym_float_arg);
        case T::AS_OPTIONAL_TENSOR: return optional_tensor(a.get_as_optional_tensor());
        case T::AS_COMPLEX:
          return "complex(" + format_float(a.get_as_complex().get_real().get()) + ", " +
                 format_float(a.get_as_complex().get_imag().get()) + ")";
        case T::AS_NESTED_TENSORS:
          return list(a.get_as_nested_tensors(), [](const std::vector<te::TensorArgument>& v) { return list(v, tensor); });
        case T::AS_INT_LISTS:
          return list(a.get_as_int_lists(), [](const std::vector<int64_t>& v) {
            return list(v, [](int64_t i) { return std::to_string(i); });
          });
        case T::AS_STRING_TO_ARGUMENT: {
          std::vector<std::pair<std::string, const te::Argument*>> items;
          for (const auto& [k, v] : a.get_as_string_to_argument()) items.emplace_back(k, &*v);
          std::sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
          std::string out = "{";
          for (std::size_t i = 0; i < items.size(); ++i)
            out += (i ? ", " : "") + quote(items[i].first) + ": " + value(*items[i].second, subgraphs);
          return out + "}";
        }
        default:
          if (auto text = newer_argument(a)) return *text;
          return "<unknown:tag" + std::to_string(static_cast<int>(a.tag())) + ">";
      }
    } catch (const std::bad_variant_access&) {
      return "<unknown>";
    }
  }

  // Names an output argument defines, for their metas.
  static void defined_names(const te::Argument& a, std::vector<std::string>& names) {
    using T = te::Argument::Tag;
    try {
      switch (a.tag()) {
        case T::AS_TENSOR: names.push_back(a.get_as_tensor().get_name()); break;
        case T::AS_TENSORS:
          for (const auto& t : a.get_as_tensors()) names.push_back(t.get_name());
          break;
        case T::AS_OPTIONAL_TENSORS:
          for (const auto& t : a.get_as_optional_tensors())
            if (t.tag() == te::OptionalTensorArgument::Tag::AS_TENSOR) names.push_back(t.get_as_tensor().get_name());
          break;
        case T::AS_SYM_INT:
          if (a.get_as_sym_int().tag() == te::SymIntArgument::Tag::AS_NAME) names.push_back(a.get_as_sym_int().get_as_name());
          break;
        case T::AS_SYM_INTS:
          for (const auto& s : a.get_as_sym_ints())
            if (s.tag() == te::SymIntArgument::Tag::AS_NAME) names.push_back(s.get_as_name());
          break;
        case T::AS_SYM_BOOL:
          if (a.get_as_sym_bool().tag() == te::SymBoolArgument::Tag::AS_NAME) names.push_back(a.get_as_sym_bool().get_as_name());
          break;
        case T::AS_SYM_FLOAT:
          if (a.get_as_sym_float().tag() == te::SymFloatArgument::Tag::AS_NAME) names.push_back(a.get_as_sym_float().get_as_name());
          break;
        case T::AS_CUSTOM_OBJ: names.push_back(a.get_as_custom_obj().get_name()); break;
        default: break;
      }
    } catch (const std::bad_variant_access&) {
    }
  }

  std::string metas(const std::vector<te::Argument>& args, const Scope& scope) {
    std::vector<std::string> names;
    for (const te::Argument& a : args) defined_names(a, names);
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + meta(names[i], scope);
    return out;
  }

  void print_nodes(const te::Graph& graph, const Scope& scope, int level, std::string& out) {
    for (const te::Node& node : graph.get_nodes()) {
      std::string line = indent(level);
      std::string lhs;
      for (const te::Argument& o : node.get_outputs()) lhs += (lhs.empty() ? "" : ", ") + value(o, nullptr);
      if (!lhs.empty()) line += lhs + " = ";
      std::vector<const te::GraphArgument*> subgraphs;
      std::string args;
      for (const te::NamedArgument& in : node.get_inputs()) {
        args += args.empty() ? "" : ", ";
        if (!in.get_name().empty()) args += in.get_name() + "=";
        args += value(in.get_arg(), &subgraphs);
      }
      line += node.get_target() + "(" + args + ")";
      if (const std::string m = metas(node.get_outputs(), scope); !m.empty()) line += "  # " + m;
      out += line + "\n";
      for (const te::GraphArgument* sub : subgraphs) print_subgraph(*sub, scope, level + 1, out);
    }
    std::string ret;
    for (const te::Argument& o : graph.get_outputs()) ret += (ret.empty() ? "" : ", ") + value(o, nullptr);
    out += indent(level) + "return (" + ret + ")\n";
  }

  void print_subgraph(const te::GraphArgument& sub, const Scope& parent, int level, std::string& out) {
    const te::Graph& graph = *sub.get_graph();
    const Scope scope{&graph, &parent};
    std::string params;
    for (const te::Argument& in : graph.get_inputs()) {
      std::vector<std::string> names;
      defined_names(in, names);
      params += params.empty() ? "" : ", ";
      params += value(in, nullptr);
      if (names.size() == 1) params += ": " + meta(names.front(), scope);
    }
    out += indent(level) + "graph " + sub.get_name() + "(" + params + "):\n";
    print_nodes(graph, scope, level + 1, out);
  }

  // Input/output spec lines: kind, graph name, "<- target" for state.
  std::string input_line(const te::InputSpec& spec, const Scope& scope) {
    using T = te::InputSpec::Tag;
    auto with_meta = [&](const std::string& text, const std::string& name) {
      return text + "  # " + meta(name, scope);
    };
    try {
      switch (spec.tag()) {
        case T::USER_INPUT: {
          const te::Argument& arg = spec.get_user_input().get_arg();
          std::vector<std::string> names;
          defined_names(arg, names);
          if (names.size() == 1) return with_meta("user_input " + names.front(), names.front());
          return "user_input " + value(arg, nullptr);
        }
        case T::PARAMETER: {
          const auto& p = spec.get_parameter();
          return with_meta("parameter " + p.get_arg().get_name() + " <- " + p.get_parameter_name(), p.get_arg().get_name());
        }
        case T::BUFFER: {
          const auto& b = spec.get_buffer();
          return with_meta("buffer " + b.get_arg().get_name() + " <- " + b.get_buffer_name() +
                               (b.get_persistent() ? "" : " (non-persistent)"),
                           b.get_arg().get_name());
        }
        case T::TENSOR_CONSTANT: {
          const auto& c = spec.get_tensor_constant();
          return with_meta("constant " + c.get_arg().get_name() + " <- " + c.get_tensor_constant_name(), c.get_arg().get_name());
        }
        case T::CUSTOM_OBJ: {
          const auto& c = spec.get_custom_obj();
          return "custom_obj " + c.get_arg().get_name() + " <- " + c.get_custom_obj_name() + "  # " +
                 c.get_arg().get_class_fqn();
        }
        case T::TOKEN: return "token " + spec.get_token().get_arg().get_name();
        case T::CONSTANT_INPUT: {
          const auto& c = spec.get_constant_input();
          const te::ConstantValue& v = c.get_value();
          std::string text;
          using C = te::ConstantValue::Tag;
          switch (v.tag()) {
            case C::AS_NONE: (void)v.get_as_none(); text = "None"; break;
            case C::AS_INT: text = std::to_string(v.get_as_int()); break;
            case C::AS_FLOAT: text = format_float(v.get_as_float().get()); break;
            case C::AS_STRING: text = quote(v.get_as_string()); break;
            case C::AS_BOOL: text = boolean(v.get_as_bool()); break;
            default: text = "<unknown>"; break;
          }
          return "constant_input " + c.get_name() + " = " + text;
        }
        default: break;
      }
    } catch (const std::bad_variant_access&) {
    }
    return "<unknown input spec>";
  }

  std::string output_line(const te::OutputSpec& spec) {
    using T = te::OutputSpec::Tag;
    try {
      switch (spec.tag()) {
        case T::USER_OUTPUT: {
          const te::Argument& arg = spec.get_user_output().get_arg();
          std::vector<std::string> names;
          defined_names(arg, names);
          return "user_output " + (names.size() == 1 ? names.front() : value(arg, nullptr));
        }
        case T::LOSS_OUTPUT: return "loss_output " + spec.get_loss_output().get_arg().get_name();
        case T::BUFFER_MUTATION: {
          const auto& m = spec.get_buffer_mutation();
          return "buffer_mutation " + m.get_arg().get_name() + " <- " + m.get_buffer_name();
        }
        case T::PARAMETER_MUTATION: {
          const auto& m = spec.get_parameter_mutation();
          return "parameter_mutation " + m.get_arg().get_name() + " <- " + m.get_parameter_name();
        }
        case T::GRADIENT_TO_PARAMETER: {
          const auto& g = spec.get_gradient_to_parameter();
          return "gradient_to_parameter " + g.get_arg().get_name() + " <- " + g.get_parameter_name();
        }
        case T::GRADIENT_TO_USER_INPUT: {
          const auto& g = spec.get_gradient_to_user_input();
          return "gradient_to_user_input " + g.get_arg().get_name() + " <- " + g.get_user_input_name();
        }
        case T::USER_INPUT_MUTATION: {
          const auto& m = spec.get_user_input_mutation();
          return "user_input_mutation " + m.get_arg().get_name() + " <- " + m.get_user_input_name();
        }
        case T::TOKEN: return "token " + spec.get_token().get_arg().get_name();
        default: break;
      }
    } catch (const std::bad_variant_access&) {
    }
    return "<unknown output spec>";
  }

  std::string print_signature(const Scope& top) {
    const te::GraphSignature& sig = program_.get_graph_module().get_signature();
    std::string out = "inputs:\n";
    for (const te::InputSpec& spec : sig.get_input_specs()) out += indent(1) + input_line(spec, top) + "\n";
    out += "outputs:\n";
    for (const te::OutputSpec& spec : sig.get_output_specs()) out += indent(1) + output_line(spec) + "\n";
    return out;
  }

  std::string print_ranges() {
    std::vector<std::pair<std::string, std::string>> lines;
    for (const auto& [expr, range] : program_.get_range_constraints()) {
      auto bound = [](const std::optional<int64_t>& v, const char* missing) {
        return v ? std::to_string(*v) : std::string(missing);
      };
      lines.emplace_back(symbolic::render(expr, renamer_),
                         "[" + bound(range.get_min_val(), "-inf") + ", " + bound(range.get_max_val(), "inf") + "]");
    }
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return range_key_less(a.first, b.first);
      return a.second < b.second;
    });
    std::string out = "range_constraints:\n";
    for (const auto& [key, range] : lines) out += indent(1) + key + ": " + range + "\n";
    return out;
  }

  const te::ExportedProgram& program_;
  symbolic::SymbolRenamer renamer_;
};

}  // namespace

std::string print_program(const te::ExportedProgram& program) { return IrPrinter(program).print(); }

std::string print_program_json(const std::string& json_text, const std::string& archive, const std::string& entry) {
  te::ExportedProgram program;
  try {
    program = schema::parse_model(json_text, schema::UnknownKinds::Mark);
  } catch (const schema::SchemaError& e) {
    throw ArchiveError(archive, entry, e.what());
  }
  try {
    return print_program(program);
  } catch (const std::exception& e) {  // a damaged value the printer has no fallback for
    throw ArchiveError(archive, entry, std::string("cannot print the program: ") + e.what());
  }
}

std::string print_archive(const ZipArchive& archive) {
  const std::vector<ModelEntry> models = pt2_model_entries(archive);
  if (models.empty())
    throw ArchiveError(archive.label(), pt2_top_folder(archive) + "/models/model.json", "archive has no model JSON");
  if (models.size() == 1)
    return print_program_json(archive.read(models.front().entry, kMaxModelJson), archive.label(), models.front().entry);
  std::string out;
  for (const ModelEntry& m : models) {
    out += (out.empty() ? "" : "\n") + std::string("## model ") + m.name + "\n";
    out += print_program_json(archive.read(m.entry, kMaxModelJson), archive.label(), m.entry);
  }
  return out;
}

std::string print_archive(const std::string& archive_path) { return print_archive(ZipArchive::open(archive_path)); }

}  // namespace exportcheck

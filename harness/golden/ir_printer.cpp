// The only translation unit that includes torch's export schema header.
//
// JSON_DIAGNOSTICS makes nlohmann name the JSON path of a schema mismatch
// ("(/graph_module/graph/nodes/0/target) type must be string"). It also puts
// nlohmann in its own ABI namespace (json_abi_diag_...), so this file does
// not clash with other files that use nlohmann without it.
#define JSON_DIAGNOSTICS 1
// GCC 12 reports a false -Warray-bounds deep inside nlohmann (instantiated by
// the schema's F64 from_json); the location is in system headers, so only a
// file-wide pragma silences it.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
#include <torch/csrc/utils/generated_serialization_types.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <variant>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/golden/ir_printer.h"
#include "harness/golden/json_integers.h"
#include "harness/golden/sym_expr.h"

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


// Schema members newer than torch 2.11's header (schema 8.17 lacks them; 8.20
// has them): detected at compile time so one source builds against both.
template <class S>
std::optional<std::string> newer_dtype(S t, bool torch_name) {
  if constexpr (requires { S::FLOAT8E8M0FNU; })
    if (t == S::FLOAT8E8M0FNU) return torch_name ? "torch.float8_e8m0fnu" : "f8e8m0fnu";
  if constexpr (requires { S::UINT32; })
    if (t == S::UINT32) return torch_name ? "torch.uint32" : "u32";
  if constexpr (requires { S::UINT64; })
    if (t == S::UINT64) return torch_name ? "torch.uint64" : "u64";
  return std::nullopt;
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

std::string short_dtype(te::ScalarType t) {
  using S = te::ScalarType;
  switch (t) {
    case S::BYTE: return "u8";
    case S::CHAR: return "i8";
    case S::SHORT: return "i16";
    case S::INT: return "i32";
    case S::LONG: return "i64";
    case S::HALF: return "f16";
    case S::FLOAT: return "f32";
    case S::DOUBLE: return "f64";
    case S::COMPLEXHALF: return "c32";
    case S::COMPLEXFLOAT: return "c64";
    case S::COMPLEXDOUBLE: return "c128";
    case S::BOOL: return "b8";
    case S::BFLOAT16: return "bf16";
    case S::UINT16: return "u16";
    case S::FLOAT8E4M3FN: return "f8e4m3fn";
    case S::FLOAT8E5M2: return "f8e5m2";
    case S::FLOAT8E4M3FNUZ: return "f8e4m3fnuz";
    case S::FLOAT8E5M2FNUZ: return "f8e5m2fnuz";
    default:
      if (auto n = newer_dtype(t, false)) return *n;
      return "dtype" + std::to_string(static_cast<int>(t));
  }
}

std::string torch_dtype(te::ScalarType t) {
  using S = te::ScalarType;
  switch (t) {
    case S::BYTE: return "torch.uint8";
    case S::CHAR: return "torch.int8";
    case S::SHORT: return "torch.int16";
    case S::INT: return "torch.int32";
    case S::LONG: return "torch.int64";
    case S::HALF: return "torch.float16";
    case S::FLOAT: return "torch.float32";
    case S::DOUBLE: return "torch.float64";
    case S::COMPLEXHALF: return "torch.complex32";
    case S::COMPLEXFLOAT: return "torch.complex64";
    case S::COMPLEXDOUBLE: return "torch.complex128";
    case S::BOOL: return "torch.bool";
    case S::BFLOAT16: return "torch.bfloat16";
    case S::UINT16: return "torch.uint16";
    case S::FLOAT8E4M3FN: return "torch.float8_e4m3fn";
    case S::FLOAT8E5M2: return "torch.float8_e5m2";
    case S::FLOAT8E4M3FNUZ: return "torch.float8_e4m3fnuz";
    case S::FLOAT8E5M2FNUZ: return "torch.float8_e5m2fnuz";
    default:
      if (auto n = newer_dtype(t, true)) return *n;
      return "dtype(" + std::to_string(static_cast<int>(t)) + ")";
  }
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

// ---- unknown Argument kinds ----------------------------------------------------------
//
// te::Argument's from_json silently leaves an unknown kind empty (reading it
// then throws std::bad_variant_access). Before parsing, such arguments are
// rewritten to an operator argument whose text is "<unknown:KIND>", which the
// printer prints verbatim: a newer schema's argument shows up in the golden
// instead of crashing or vanishing.

const std::set<std::string>& known_argument_kinds() {
  static const std::set<std::string> kinds = {
      "as_none", "as_tensor", "as_tensors", "as_int", "as_ints", "as_float", "as_floats",
      "as_string", "as_strings", "as_sym_int", "as_sym_ints", "as_scalar_type", "as_memory_format",
      "as_layout", "as_device", "as_bool", "as_bools", "as_sym_bool", "as_sym_bools", "as_graph",
      "as_optional_tensors", "as_custom_obj", "as_operator", "as_sym_float", "as_sym_floats",
      "as_optional_tensor", "as_complex", "as_nested_tensors", "as_int_lists",
      "as_string_to_argument", "as_float_lists"};
  return kinds;
}

void mark_graph(json& graph);

void mark_argument(json& arg) {
  if (!arg.is_object()) return;  // left for the schema parse to report
  if (arg.empty()) {
    arg = json{{"as_operator", "<unknown:empty>"}};
    return;
  }
  const std::string kind = arg.begin().key();
  if (!known_argument_kinds().contains(kind)) {
    arg = json{{"as_operator", "<unknown:" + kind + ">"}};
    return;
  }
  json& value = arg.begin().value();
  if (kind == "as_graph" && value.is_object() && value.contains("graph")) mark_graph(value["graph"]);
  if (kind == "as_string_to_argument" && value.is_object())
    for (auto& item : value.items()) mark_argument(item.value());
}

void mark_arguments(json& list) {
  if (!list.is_array()) return;
  for (json& a : list) mark_argument(a);
}

void mark_graph(json& graph) {
  if (!graph.is_object()) return;
  if (graph.contains("inputs")) mark_arguments(graph["inputs"]);
  if (graph.contains("outputs")) mark_arguments(graph["outputs"]);
  if (!graph.contains("nodes") || !graph["nodes"].is_array()) return;
  for (json& node : graph["nodes"]) {
    if (!node.is_object()) continue;
    if (node.contains("inputs") && node["inputs"].is_array())
      for (json& named : node["inputs"])
        if (named.is_object() && named.contains("arg")) mark_argument(named["arg"]);
    if (node.contains("outputs")) mark_arguments(node["outputs"]);
  }
}

void mark_specs(json& specs, const char* kind) {
  if (!specs.is_array()) return;
  for (json& spec : specs)
    if (spec.is_object() && spec.contains(kind) && spec[kind].is_object() && spec[kind].contains("arg"))
      mark_argument(spec[kind]["arg"]);
}

void mark_unknown_arguments(json& program) {
  if (!program.is_object() || !program.contains("graph_module")) return;
  json& gm = program["graph_module"];
  if (!gm.is_object()) return;
  if (gm.contains("graph")) mark_graph(gm["graph"]);
  if (gm.contains("signature") && gm["signature"].is_object()) {
    json& sig = gm["signature"];
    if (sig.contains("input_specs")) mark_specs(sig["input_specs"], "user_input");
    if (sig.contains("output_specs")) mark_specs(sig["output_specs"], "user_output");
  }
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
      return render_sym_expr(s.get_as_expr().get_expr_str(), renamer_);
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
                 return render_sym_expr(b.get_as_expr().get_expr_str(), renamer_);
               }) + ")";
      }
      if (auto it = g.get_sym_float_values().find(name); it != g.get_sym_float_values().end()) {
        const te::SymFloat& f = it->second;
        return "Sym(" + or_unknown([&] {
                 if (f.tag() == te::SymFloat::Tag::AS_FLOAT) return format_float(f.get_as_float().get());
                 return render_sym_expr(f.get_as_expr().get_expr_str(), renamer_);
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
      lines.emplace_back(render_sym_expr(expr, renamer_),
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
  SymbolRenamer renamer_;
};

}  // namespace

std::string print_program(const te::ExportedProgram& program) { return IrPrinter(program).print(); }

std::string print_program_json(const std::string& json_text, const std::string& archive, const std::string& entry) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    throw ArchiveError(archive, entry, std::string("invalid JSON: ") + e.what());
  }
  te::ExportedProgram program;
  try {
    if (!j.is_object()) throw ArchiveError(archive, entry, "model JSON is not an object");
    if (std::string at = out_of_range_integer(j); !at.empty())
      throw ArchiveError(archive, entry, "does not match the export schema: the number at " + at +
                                             " is out of the integer range");
    mark_unknown_arguments(j);
    program = j.get<te::ExportedProgram>();
  } catch (const json::exception& e) {
    throw ArchiveError(archive, entry, std::string("does not match the export schema: ") + e.what());
  } catch (const ArchiveError&) {
    throw;
  } catch (const std::exception& e) {  // e.g. a throwing enum or variant access inside the schema code
    throw ArchiveError(archive, entry, std::string("does not match the export schema: ") + e.what());
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

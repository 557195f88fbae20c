// The only translation unit of program/ that includes torch's export schema.
#include "harness/schema/torch_schema.h"

#include "harness/program/graph_builder.h"

#include <set>
#include <variant>

#include "harness/program/argument_converter.h"
#include "harness/program/schema_enums.h"
#include "harness/program/target_resolver.h"
#include "harness/schema/model_reader.h"
#include "harness/program/load_error.h"

namespace exportcheck::program {

namespace te = torch::_export;
using json = schema::Json;

namespace {

constexpr int kMaxDepth = 64;

std::string label(const std::string& node, const std::string& target) {
  return "node '" + node + "' (" + target + ")";
}

class Builder {
 public:
  explicit Builder(const BuildOptions& options) : options_(options) {}

  struct Scope {
    std::map<std::string, int> slots;
    Graph* graph = nullptr;
    const te::Graph* source = nullptr;
  };

  std::shared_ptr<Graph> graph(const te::Graph& src, const std::string& name, int depth) {
    if (depth > kMaxDepth) throw LoadError("subgraph '" + name + "' nested deeper than " + std::to_string(kMaxDepth));
    auto g = std::make_shared<Graph>();
    g->name = name;
    Scope scope{{}, g.get(), &src};
    for (const te::Argument& in : src.get_inputs()) g->inputs.push_back(input_slot(in, scope, "graph '" + name + "' input"));
    for (const te::Node& node : src.get_nodes()) g->nodes.push_back(build_node(node, scope, depth));
    for (const te::Argument& out : src.get_outputs())
      g->outputs.push_back(operand(out, scope, "graph '" + name + "' output", depth));
    return g;
  }

  // The slot a graph input defines; -1 for a constant input.
  int input_slot(const te::Argument& a, Scope& scope, const std::string& where) {
    if (auto name = defined_name(a)) return define(scope, *name);
    using T = te::Argument::Tag;
    switch (a.tag()) {
      case T::AS_NONE: case T::AS_INT: case T::AS_FLOAT: case T::AS_STRING: case T::AS_BOOL: return -1;
      default: throw LoadError(where + ": an input of kind " + kind_name(a) + " is not supported");
    }
  }

  static std::optional<std::string> defined_name(const te::Argument& a) {
    using T = te::Argument::Tag;
    switch (a.tag()) {
      case T::AS_TENSOR: return a.get_as_tensor().get_name();
      case T::AS_SYM_INT:
        if (a.get_as_sym_int().tag() == te::SymIntArgument::Tag::AS_NAME) return a.get_as_sym_int().get_as_name();
        return std::nullopt;
      case T::AS_SYM_FLOAT:
        if (a.get_as_sym_float().tag() == te::SymFloatArgument::Tag::AS_NAME) return a.get_as_sym_float().get_as_name();
        return std::nullopt;
      case T::AS_SYM_BOOL:
        if (a.get_as_sym_bool().tag() == te::SymBoolArgument::Tag::AS_NAME) return a.get_as_sym_bool().get_as_name();
        return std::nullopt;
      case T::AS_CUSTOM_OBJ: return a.get_as_custom_obj().get_name();
      default: return std::nullopt;
    }
  }

  static c10::IValue constant_of(const te::Argument& a) {
    using T = te::Argument::Tag;
    switch (a.tag()) {
      case T::AS_INT: return a.get_as_int();
      case T::AS_FLOAT: return a.get_as_float().get();
      case T::AS_STRING: return a.get_as_string();
      case T::AS_BOOL: return a.get_as_bool();
      default: return c10::IValue();
    }
  }

  static std::string kind_name(const te::Argument& a) {
    try {
      json j = a;
      if (j.is_object() && !j.empty()) return j.begin().key();
    } catch (const std::exception&) {
    }
    return "tag" + std::to_string(static_cast<int>(a.tag()));
  }

  int define(Scope& scope, const std::string& name) {
    const int slot = scope.graph->slot_count++;
    scope.slots[name] = slot;  // a redefinition (never in a valid program) shadows
    return slot;
  }

  int use(const Scope& scope, const std::string& name, const std::string& where) {
    auto it = scope.slots.find(name);
    if (it == scope.slots.end()) throw LoadError(where + ": uses '" + name + "', which nothing before it defines");
    return it->second;
  }

  Operand slot_list(const std::vector<int>& slots, ListKind kind) {
    Operand o;
    o.kind = Operand::Kind::List;
    o.list_kind = kind;
    for (int s : slots) o.items.push_back(Operand::of_slot(s));
    return o;
  }

  template <typename T, typename F>
  Operand list(const std::vector<T>& values, ListKind kind, F&& each) {
    Operand o;
    o.kind = Operand::Kind::List;
    o.list_kind = kind;
    for (const T& v : values) o.items.push_back(each(v));
    return o;
  }

  Operand operand(const te::Argument& a, Scope& scope, const std::string& where, int depth) {
    using T = te::Argument::Tag;
    auto tensor = [&](const te::TensorArgument& t) { return Operand::of_slot(use(scope, t.get_name(), where)); };
    auto sym_int = [&](const te::SymIntArgument& s) {
      return s.tag() == te::SymIntArgument::Tag::AS_NAME ? Operand::of_slot(use(scope, s.get_as_name(), where))
                                                        : Operand::of_constant(s.get_as_int());
    };
    auto sym_bool = [&](const te::SymBoolArgument& s) {
      return s.tag() == te::SymBoolArgument::Tag::AS_NAME ? Operand::of_slot(use(scope, s.get_as_name(), where))
                                                         : Operand::of_constant(s.get_as_bool());
    };
    auto sym_float = [&](const te::SymFloatArgument& s) {
      return s.tag() == te::SymFloatArgument::Tag::AS_NAME ? Operand::of_slot(use(scope, s.get_as_name(), where))
                                                          : Operand::of_constant(s.get_as_float().get());
    };
    auto optional_tensor = [&](const te::OptionalTensorArgument& t) {
      if (t.tag() == te::OptionalTensorArgument::Tag::AS_TENSOR) return tensor(t.get_as_tensor());
      (void)t.get_as_none();
      return Operand::of_constant(c10::IValue());
    };
    try {
      switch (a.tag()) {
        case T::AS_NONE: (void)a.get_as_none(); return Operand::of_constant(c10::IValue());
        case T::AS_TENSOR: return tensor(a.get_as_tensor());
        case T::AS_TENSORS: return list(a.get_as_tensors(), ListKind::Tensor, tensor);
        case T::AS_INT: return Operand::of_constant(a.get_as_int());
        case T::AS_INTS:
          return list(a.get_as_ints(), ListKind::Int, [](std::int64_t v) { return Operand::of_constant(v); });
        case T::AS_FLOAT: return Operand::of_constant(a.get_as_float().get());
        case T::AS_FLOATS:
          return list(a.get_as_floats(), ListKind::Float, [](const te::F64& v) { return Operand::of_constant(v.get()); });
        case T::AS_STRING: return Operand::of_constant(a.get_as_string());
        case T::AS_STRINGS:
          return list(a.get_as_strings(), ListKind::String, [](const std::string& v) { return Operand::of_constant(v); });
        case T::AS_SYM_INT: return sym_int(a.get_as_sym_int());
        case T::AS_SYM_INTS: return list(a.get_as_sym_ints(), ListKind::Int, sym_int);
        case T::AS_SCALAR_TYPE: {
          const auto t = scalar_type_from_schema(static_cast<std::int64_t>(a.get_as_scalar_type()));
          if (!t) throw LoadError(where + ": unknown scalar type " + std::to_string(static_cast<int>(a.get_as_scalar_type())));
          return Operand::of_constant(static_cast<std::int64_t>(*t));
        }
        case T::AS_MEMORY_FORMAT: {
          const auto m = memory_format_from_schema(static_cast<std::int64_t>(a.get_as_memory_format()));
          if (!m) throw LoadError(where + ": unknown memory format");
          return Operand::of_constant(static_cast<std::int64_t>(*m));
        }
        case T::AS_LAYOUT: {
          const auto l = layout_from_schema(static_cast<std::int64_t>(a.get_as_layout()));
          if (!l) throw LoadError(where + ": unknown layout");
          return Operand::of_constant(static_cast<std::int64_t>(*l));
        }
        case T::AS_DEVICE: return Operand::of_constant(options_.device);
        case T::AS_BOOL: return Operand::of_constant(a.get_as_bool());
        case T::AS_BOOLS:
          return list(a.get_as_bools(), ListKind::Bool, [](bool v) { return Operand::of_constant(v); });
        case T::AS_SYM_BOOL: return sym_bool(a.get_as_sym_bool());
        case T::AS_SYM_BOOLS: return list(a.get_as_sym_bools(), ListKind::Bool, sym_bool);
        case T::AS_SYM_FLOAT: return sym_float(a.get_as_sym_float());
        case T::AS_SYM_FLOATS: return list(a.get_as_sym_floats(), ListKind::Float, sym_float);
        case T::AS_OPTIONAL_TENSOR: return optional_tensor(a.get_as_optional_tensor());
        case T::AS_OPTIONAL_TENSORS: return list(a.get_as_optional_tensors(), ListKind::OptionalTensor, optional_tensor);
        case T::AS_COMPLEX:
          return Operand::of_constant(
              c10::complex<double>(a.get_as_complex().get_real().get(), a.get_as_complex().get_imag().get()));
        case T::AS_GRAPH: {
          Operand o;
          o.kind = Operand::Kind::Graph;
          o.graph = graph(*a.get_as_graph().get_graph(), a.get_as_graph().get_name(), depth + 1);
          return o;
        }
        default: break;
      }
    } catch (const std::bad_variant_access&) {
      throw LoadError(where + ": an argument of a kind this build's schema does not know");
    }
    throw LoadError(where + ": argument kind '" + kind_name(a) + "' is not supported by the executor");
  }

  OutputTarget output(const te::Argument& a, Scope& scope) {
    OutputTarget t;
    using T = te::Argument::Tag;
    if (auto name = defined_name(a)) {
      t.kind = OutputTarget::Kind::Slot;
      t.slot = define(scope, *name);
      return t;
    }
    switch (a.tag()) {
      case T::AS_TENSORS:
        t.kind = OutputTarget::Kind::List;
        for (const auto& x : a.get_as_tensors()) t.slots.push_back(define(scope, x.get_name()));
        return t;
      case T::AS_OPTIONAL_TENSORS:
        t.kind = OutputTarget::Kind::List;
        for (const auto& x : a.get_as_optional_tensors())
          t.slots.push_back(x.tag() == te::OptionalTensorArgument::Tag::AS_TENSOR ? define(scope, x.get_as_tensor().get_name()) : -1);
        return t;
      default: return t;  // None or a constant: nothing to keep
    }
  }

  Node build_node(const te::Node& src, Scope& scope, int depth) {
    Node node;
    node.target = src.get_target();
    node.name = src.get_outputs().empty() ? node.target : "";
    if constexpr (requires { src.get_name(); }) {
      if (src.get_name()) node.name = *src.get_name();
    }
    if (node.name.empty() || node.name == node.target) {
      for (const te::Argument& o : src.get_outputs())
        if (auto n = defined_name(o)) {
          node.name = *n;
          break;
        }
    }
    const std::string where = label(node.name, node.target);
    std::vector<NamedOperand> given;
    auto collect = [&] {
      for (const te::NamedArgument& in : src.get_inputs())
        given.push_back({in.get_name(), operand(in.get_arg(), scope, where, depth)});
    };

    const std::string hop = higher_order_name(node.target);
    SymbolicFn symbolic = options_.symbolic ? options_.symbolic(node.target) : nullptr;
    if (symbolic != nullptr) {
      node.kind = NodeKind::Symbolic;
      node.symbolic = symbolic;
      collect();
      for (NamedOperand& g : given) node.args.push_back(std::move(g.value));
    } else if (hop == "with_effects") {
      with_effects(src, node, scope, where, depth);
    } else if (hop == "wrap_with_autocast") {
      collect();
      wrap_with_autocast(node, given, where);
    } else if (!hop.empty()) {
      if (hop == "cond") node.kind = NodeKind::Cond;
      else if (hop == "map_impl") node.kind = NodeKind::Map;
      else if (hop == "while_loop") node.kind = NodeKind::WhileLoop;
      else if (hop == "scan") node.kind = NodeKind::Scan;
      else if (hop == "wrap_with_set_grad_enabled") node.kind = NodeKind::SetGradEnabled;
      else throw LoadError(where + ": higher-order op '" + hop + "' is not supported by the executor");
      collect();
      for (NamedOperand& g : given) node.args.push_back(std::move(g.value));
      check_hop_arguments(node, where);
    } else {
      node.kind = NodeKind::Operator;
      node.op = resolve_operator(node.target, node.name);
      collect();
      node.args = match_to_schema(node.op->schema(), std::move(given), where);
    }

    for (const te::Argument& o : src.get_outputs()) node.outputs.push_back(output(o, scope));
    // An op returning one Tensor[] written as several tensor outputs.
    if (node.kind == NodeKind::Operator && node.op->schema().returns().size() == 1 && node.outputs.size() > 1 &&
        node.op->schema().returns()[0].type()->kind() == c10::TypeKind::ListType) {
      OutputTarget list;
      list.kind = OutputTarget::Kind::List;
      for (const OutputTarget& t : node.outputs) list.slots.push_back(t.kind == OutputTarget::Kind::Slot ? t.slot : -1);
      node.outputs = {list};
    }
    return node;
  }

  // with_effects(token, op, *args, **kwargs): the token operand, then the
  // effectful op's arguments matched to its schema like any operator's.
  void with_effects(const te::Node& src, Node& node, Scope& scope, const std::string& where, int depth) {
    const auto& inputs = src.get_inputs();
    if (inputs.size() < 2 || inputs[1].get_arg().tag() != te::Argument::Tag::AS_OPERATOR)
      throw LoadError(where + ": with_effects needs a token and an operator as its first two arguments");
    node.kind = NodeKind::WithEffects;
    node.op = resolve_operator(inputs[1].get_arg().get_as_operator(), node.name);
    std::vector<NamedOperand> given;
    for (std::size_t i = 2; i < inputs.size(); ++i)
      given.push_back({inputs[i].get_name(), operand(inputs[i].get_arg(), scope, where, depth)});
    node.args.push_back(operand(inputs[0].get_arg(), scope, where, depth));
    for (Operand& a : match_to_schema(node.op->schema(), std::move(given), where)) node.args.push_back(std::move(a));
  }

  // wrap_with_autocast(device_type, dtype, enabled, cache_enabled, subgraph, *args):
  // the four settings resolved into node.autocast, the subgraph and its inputs
  // kept as args.
  static void wrap_with_autocast(Node& node, std::vector<NamedOperand>& given, const std::string& where) {
    node.kind = NodeKind::Autocast;
    auto constant = [&](std::size_t i) -> const c10::IValue* {
      return i < given.size() && given[i].value.kind == Operand::Kind::Constant ? &given[i].value.constant : nullptr;
    };
    const c10::IValue *device = constant(0), *dtype = constant(1), *enabled = constant(2), *cache = constant(3);
    if (!device || !device->isString() || !dtype || !(dtype->isNone() || dtype->isInt()) || !enabled ||
        !enabled->isBool() || !cache || !(cache->isNone() || cache->isBool()) || given.size() < 5 ||
        given[4].value.kind != Operand::Kind::Graph)
      throw LoadError(where + ": arguments do not have the form the executor expects for wrap_with_autocast "
                              "(device_type, dtype, enabled, cache_enabled, subgraph, *args)");
    try {
      node.autocast.device_type = c10::Device(device->toStringRef()).type();
    } catch (const c10::Error&) {
      throw LoadError(where + ": wrap_with_autocast on device type '" + device->toStringRef() + "', which c10 does not know");
    }
    if (dtype->isInt()) node.autocast.dtype = static_cast<c10::ScalarType>(dtype->toInt());
    node.autocast.enabled = enabled->toBool();
    if (cache->isBool()) node.autocast.cache_enabled = cache->toBool();
    for (std::size_t i = 4; i < given.size(); ++i) node.args.push_back(std::move(given[i].value));
  }

  static void check_hop_arguments(const Node& node, const std::string& where) {
    auto is_graph = [&](std::size_t i) { return i < node.args.size() && node.args[i].kind == Operand::Kind::Graph; };
    auto is_list = [&](std::size_t i) { return i < node.args.size() && node.args[i].kind == Operand::Kind::List; };
    bool ok = false;
    switch (node.kind) {
      case NodeKind::Cond: ok = node.args.size() == 4 && is_graph(1) && is_graph(2) && is_list(3); break;
      case NodeKind::Map: ok = node.args.size() == 3 && is_graph(0) && is_list(1) && is_list(2); break;
      case NodeKind::WhileLoop: ok = node.args.size() == 4 && is_graph(0) && is_graph(1) && is_list(2) && is_list(3); break;
      case NodeKind::Scan: ok = node.args.size() == 4 && is_graph(0) && is_list(1) && is_list(2) && is_list(3); break;
      case NodeKind::SetGradEnabled:
        ok = node.args.size() >= 2 && node.args[0].kind == Operand::Kind::Constant && node.args[0].constant.isBool() &&
             is_graph(1);
        break;
      default: ok = true;
    }
    if (!ok) throw LoadError(where + ": arguments do not have the form the executor expects for this higher-order op");
  }

  TensorSpec tensor_spec(const te::Graph& g, const std::string& name, const std::string& where) {
    auto it = g.get_tensor_values().find(name);
    if (it == g.get_tensor_values().end()) throw LoadError(where + ": no tensor_values entry for input '" + name + "'");
    const te::TensorMeta& m = it->second;
    TensorSpec spec;
    const auto dtype = scalar_type_from_schema(static_cast<std::int64_t>(m.get_dtype()));
    if (!dtype) throw LoadError(where + ": input '" + name + "' has a dtype this build does not know");
    spec.dtype = *dtype;
    for (const te::SymInt& s : m.get_sizes()) {
      DimSpec d;
      if (s.tag() == te::SymInt::Tag::AS_INT) {
        d.value = s.get_as_int();
      } else {
        d.is_static = false;
        d.expr = s.get_as_expr().get_expr_str();
      }
      spec.sizes.push_back(std::move(d));
    }
    return spec;
  }

  Program program(const te::ExportedProgram& ep) {
    Program p;
    p.torch_version = ep.get_torch_version();
    const te::GraphModule& gm = ep.get_graph_module();
    const te::Graph& top = gm.get_graph();
    auto g = std::make_shared<Graph>();
    g->name = "graph";
    Scope scope{{}, g.get(), &top};
    const auto& specs = gm.get_signature().get_input_specs();
    if (specs.size() != top.get_inputs().size())
      throw LoadError("the signature has " + std::to_string(specs.size()) + " input specs and the graph " +
                      std::to_string(top.get_inputs().size()) + " inputs");
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const std::string where = "input " + std::to_string(i);
      const int slot = input_slot(top.get_inputs()[i], scope, where);
      g->inputs.push_back(slot);
      p.inputs.push_back(input_binding(specs[i], top, slot, where));
    }
    for (const te::Node& node : top.get_nodes()) g->nodes.push_back(build_node(node, scope, 0));
    for (const te::Argument& out : top.get_outputs()) g->outputs.push_back(operand(out, scope, "graph output", 0));

    const auto& outs = gm.get_signature().get_output_specs();
    if (outs.size() != top.get_outputs().size())
      throw LoadError("the signature has " + std::to_string(outs.size()) + " output specs and the graph " +
                      std::to_string(top.get_outputs().size()) + " outputs");
    for (const te::OutputSpec& spec : outs) p.outputs.push_back(output_binding(spec, p));
    for (const auto& [expr, range] : ep.get_range_constraints()) p.ranges[expr] = Range{range.get_min_val(), range.get_max_val()};
    p.graph = g;
    return p;
  }

  InputBinding input_binding(const te::InputSpec& spec, const te::Graph& top, int slot, const std::string& where) {
    InputBinding b;
    b.slot = slot;
    using T = te::InputSpec::Tag;
    switch (spec.tag()) {
      case T::USER_INPUT: {
        const te::Argument& a = spec.get_user_input().get_arg();
        using A = te::Argument::Tag;
        if (a.tag() == A::AS_TENSOR) {
          b.kind = InputBinding::Kind::UserTensor;
          b.name = a.get_as_tensor().get_name();
          b.spec = tensor_spec(top, b.name, where);
        } else if (a.tag() == A::AS_SYM_INT && a.get_as_sym_int().tag() == te::SymIntArgument::Tag::AS_NAME) {
          b.kind = InputBinding::Kind::UserSymInt;
          b.name = a.get_as_sym_int().get_as_name();
          if (auto it = top.get_sym_int_values().find(b.name); it != top.get_sym_int_values().end())
            if (it->second.tag() == te::SymInt::Tag::AS_EXPR) b.sym_expr = it->second.get_as_expr().get_expr_str();
        } else if (a.tag() == A::AS_SYM_FLOAT && a.get_as_sym_float().tag() == te::SymFloatArgument::Tag::AS_NAME) {
          b.kind = InputBinding::Kind::UserSymFloat;
          b.name = a.get_as_sym_float().get_as_name();
        } else if (a.tag() == A::AS_SYM_BOOL && a.get_as_sym_bool().tag() == te::SymBoolArgument::Tag::AS_NAME) {
          b.kind = InputBinding::Kind::UserSymBool;
          b.name = a.get_as_sym_bool().get_as_name();
        } else if (a.tag() == A::AS_NONE || a.tag() == A::AS_INT || a.tag() == A::AS_FLOAT || a.tag() == A::AS_STRING ||
                   a.tag() == A::AS_BOOL || a.tag() == A::AS_SYM_INT || a.tag() == A::AS_SYM_BOOL ||
                   a.tag() == A::AS_SYM_FLOAT) {
          b.kind = InputBinding::Kind::UserConstant;
          b.value = constant_of(a);
        } else {
          throw LoadError(where + ": a user input of kind " + kind_name(a) + " is not supported");
        }
        break;
      }
      case T::PARAMETER:
        b.kind = InputBinding::Kind::Parameter;
        b.name = spec.get_parameter().get_arg().get_name();
        b.target = spec.get_parameter().get_parameter_name();
        break;
      case T::BUFFER:
        b.kind = InputBinding::Kind::Buffer;
        b.name = spec.get_buffer().get_arg().get_name();
        b.target = spec.get_buffer().get_buffer_name();
        b.persistent = spec.get_buffer().get_persistent();
        break;
      case T::TENSOR_CONSTANT:
        b.kind = InputBinding::Kind::Constant;
        b.name = spec.get_tensor_constant().get_arg().get_name();
        b.target = spec.get_tensor_constant().get_tensor_constant_name();
        break;
      case T::TOKEN:
        b.kind = InputBinding::Kind::Token;
        b.name = spec.get_token().get_arg().get_name();
        break;
      case T::CONSTANT_INPUT: {
        b.kind = InputBinding::Kind::ConstantInput;
        b.name = spec.get_constant_input().get_name();
        const te::ConstantValue& v = spec.get_constant_input().get_value();
        using C = te::ConstantValue::Tag;
        switch (v.tag()) {
          case C::AS_INT: b.value = v.get_as_int(); break;
          case C::AS_FLOAT: b.value = v.get_as_float().get(); break;
          case C::AS_STRING: b.value = v.get_as_string(); break;
          case C::AS_BOOL: b.value = v.get_as_bool(); break;
          default: b.value = c10::IValue(); break;
        }
        break;
      }
      case T::CUSTOM_OBJ:
        throw LoadError(where + ": custom object '" + spec.get_custom_obj().get_custom_obj_name() + "' (" +
                        spec.get_custom_obj().get_arg().get_class_fqn() + ") is not supported by the executor");
      default: throw LoadError(where + ": an input spec of a kind this build does not know");
    }
    return b;
  }

  static OutputBinding output_binding(const te::OutputSpec& spec, const Program& p) {
    OutputBinding b;
    using T = te::OutputSpec::Tag;
    switch (spec.tag()) {
      case T::USER_OUTPUT:
      case T::LOSS_OUTPUT: b.kind = OutputBinding::Kind::User; break;  // module() returns the loss with the user outputs
      case T::BUFFER_MUTATION:
        b.kind = OutputBinding::Kind::BufferMutation;
        b.target = spec.get_buffer_mutation().get_buffer_name();
        break;
      case T::PARAMETER_MUTATION:
        b.kind = OutputBinding::Kind::ParameterMutation;
        b.target = spec.get_parameter_mutation().get_parameter_name();
        break;
      case T::USER_INPUT_MUTATION: {
        b.kind = OutputBinding::Kind::UserInputMutation;
        b.target = spec.get_user_input_mutation().get_user_input_name();
        int user = 0;
        for (const InputBinding& in : p.inputs) {
          if (!is_user_input(in.kind)) continue;
          if (in.name == b.target) b.user_input_index = user;
          ++user;
        }
        if (b.user_input_index < 0) throw LoadError("user_input_mutation of '" + b.target + "', which is no user input");
        break;
      }
      case T::TOKEN: b.kind = OutputBinding::Kind::Token; break;
      default: b.kind = OutputBinding::Kind::Other; break;
    }
    return b;
  }

 private:
  const BuildOptions& options_;
};

}  // namespace

Program build_program(const std::string& json_text, const std::string& entry, const BuildOptions& options) {
  te::ExportedProgram ep;
  try {
    ep = schema::parse_model(json_text);
  } catch (const schema::SchemaError& e) {
    throw LoadError(entry + ": " + e.what());
  }
  try {
    return Builder(options).program(ep);
  } catch (const LoadError&) {
    throw;
  } catch (const std::bad_variant_access&) {
    throw LoadError(entry + ": holds a value of a kind this build's schema does not know");
  } catch (const std::exception& e) {
    throw LoadError(entry + ": " + e.what());
  }
}

}  // namespace exportcheck::program

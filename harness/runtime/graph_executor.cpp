#include "harness/runtime/graph_executor.h"

#include <ATen/autocast_mode.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/stack.h>
#include <c10/core/GradMode.h>
#include <c10/util/Exception.h>

#include "harness/program/argument_converter.h"
#include "harness/runtime/program_runner.h"

namespace exportcheck::runtime {

namespace {

using c10::IValue;
using program::Graph;
using program::ListKind;
using program::Node;
using program::NodeKind;
using program::Operand;
using program::OutputTarget;

constexpr int kMaxDepth = 64;

std::string label(const Node& node) { return "node '" + node.name + "' (" + node.target + ")"; }

// A torch.autocast region, entered and left as torch.autocast's __enter__ and
// __exit__ do (torch/amp/autocast_mode.py): the device's enabled flag and
// dtype, the nesting count and the cache flag, restored on the way out (an
// exception included); the cast cache dropped when the outermost region ends.
class AutocastScope {
 public:
  explicit AutocastScope(const program::AutocastRegion& r)
      : device_(r.device_type),
        prev_enabled_(at::autocast::is_autocast_enabled(device_)),
        prev_dtype_(at::autocast::get_autocast_dtype(device_)),
        prev_cache_(at::autocast::is_autocast_cache_enabled()) {
    const c10::ScalarType dtype = r.dtype.value_or(prev_dtype_);
    bool enabled = r.enabled;
    // As torch.autocast: off CUDA, a dtype other than bfloat16 and float16
    // disables the region (Python warns).
    if (enabled && device_ != c10::DeviceType::CUDA && dtype != c10::kBFloat16 && dtype != c10::kHalf) enabled = false;
    at::autocast::set_autocast_enabled(device_, enabled);  // throws for a device type without autocast
    at::autocast::set_autocast_dtype(device_, dtype);
    at::autocast::increment_nesting();
    at::autocast::set_autocast_cache_enabled(r.cache_enabled.value_or(prev_cache_));
  }
  ~AutocastScope() {
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_autocast_enabled(device_, prev_enabled_);
    at::autocast::set_autocast_dtype(device_, prev_dtype_);
    at::autocast::set_autocast_cache_enabled(prev_cache_);
  }
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  c10::DeviceType device_;
  bool prev_enabled_;
  c10::ScalarType prev_dtype_;
  bool prev_cache_;
};

class Frame {
 public:
  Frame(const Graph& graph, std::vector<IValue> inputs, int depth) : graph_(graph), slots_(graph.slot_count), depth_(depth) {
    if (inputs.size() != graph.inputs.size())
      throw ExecutionError("graph '" + graph.name + "' takes " + std::to_string(graph.inputs.size()) + " inputs, got " +
                           std::to_string(inputs.size()));
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (graph.inputs[i] >= 0) slots_[graph.inputs[i]] = std::move(inputs[i]);
  }

  std::vector<IValue> run() {
    for (const Node& node : graph_.nodes) {
      try {
        execute(node);
      } catch (const ExecutionError&) {
        throw;
      } catch (const c10::Error& e) {
        throw ExecutionError(label(node) + ": " + e.what_without_backtrace());
      } catch (const std::exception& e) {
        throw ExecutionError(label(node) + ": " + e.what());
      }
    }
    std::vector<IValue> out;
    out.reserve(graph_.outputs.size());
    for (const Operand& o : graph_.outputs) out.push_back(value(o));
    return out;
  }

 private:
  IValue scalar(const Operand& o) const {
    if (o.kind == Operand::Kind::Constant) return o.constant;
    const IValue& v = slots_[o.slot];
    if (o.to_double && v.isInt()) return static_cast<double>(v.toInt());
    if (o.to_tensor && (v.isInt() || v.isDouble() || v.isBool())) return program::wrapped_number(v);
    return v;
  }

  IValue value(const Operand& o) const {
    switch (o.kind) {
      case Operand::Kind::Constant:
      case Operand::Kind::Slot: return scalar(o);
      case Operand::Kind::Graph: throw std::logic_error("a subgraph is not a value");
      case Operand::Kind::List: break;
    }
    switch (o.list_kind) {
      case ListKind::Tensor: {
        c10::List<at::Tensor> l;
        l.reserve(o.items.size());
        for (const Operand& i : o.items) l.push_back(scalar(i).toTensor());
        return l;
      }
      case ListKind::OptionalTensor: {
        c10::List<std::optional<at::Tensor>> l;
        for (const Operand& i : o.items) {
          IValue v = scalar(i);
          l.push_back(v.isNone() ? std::nullopt : std::optional<at::Tensor>(v.toTensor()));
        }
        return l;
      }
      case ListKind::Int: {
        c10::List<std::int64_t> l;
        for (const Operand& i : o.items) l.push_back(scalar(i).toInt());
        return l;
      }
      case ListKind::Float: {
        c10::List<double> l;
        for (const Operand& i : o.items) {
          IValue v = scalar(i);
          l.push_back(v.isInt() ? static_cast<double>(v.toInt()) : v.toDouble());
        }
        return l;
      }
      case ListKind::Bool: {
        c10::List<bool> l;
        for (const Operand& i : o.items) l.push_back(scalar(i).toBool());
        return l;
      }
      case ListKind::String: {
        c10::List<std::string> l;
        for (const Operand& i : o.items) l.push_back(scalar(i).toStringRef());
        return l;
      }
      case ListKind::Generic: break;
    }
    c10::impl::GenericList l(c10::AnyType::get());
    for (const Operand& i : o.items) l.push_back(scalar(i));
    return l;
  }

  std::vector<IValue> items(const Operand& o) const {
    std::vector<IValue> out;
    if (o.kind != Operand::Kind::List) {
      out.push_back(value(o));
      return out;
    }
    for (const Operand& i : o.items) out.push_back(scalar(i));
    return out;
  }

  void store(const Node& node, std::vector<IValue>& results) {
    const std::size_t n = std::min(node.outputs.size(), results.size());
    for (std::size_t i = 0; i < n; ++i) {
      const OutputTarget& t = node.outputs[i];
      if (t.kind == OutputTarget::Kind::Slot) {
        slots_[t.slot] = std::move(results[i]);
      } else if (t.kind == OutputTarget::Kind::List) {
        if (!results[i].isList())
          throw ExecutionError(label(node) + ": result " + std::to_string(i) + " is a " + results[i].tagKind() +
                               ", expected a list");
        const auto list = results[i].toListRef();
        if (list.size() < t.slots.size())
          throw ExecutionError(label(node) + ": result " + std::to_string(i) + " has " + std::to_string(list.size()) +
                               " elements, the program uses " + std::to_string(t.slots.size()));
        for (std::size_t k = 0; k < t.slots.size(); ++k)
          if (t.slots[k] >= 0) slots_[t.slots[k]] = list[k];
      }
    }
  }

  std::vector<IValue> subgraph(const Node& node, const Operand& g, std::vector<IValue> inputs) const {
    if (depth_ + 1 > kMaxDepth) throw ExecutionError(label(node) + ": subgraphs nested deeper than " + std::to_string(kMaxDepth));
    return Frame(*g.graph, std::move(inputs), depth_ + 1).run();
  }

  // The values of args[from..]: a wrapped subgraph's inputs.
  std::vector<IValue> values_from(const Node& node, std::size_t from) const {
    std::vector<IValue> out;
    for (std::size_t i = from; i < node.args.size(); ++i) out.push_back(value(node.args[i]));
    return out;
  }

  static bool truth(const IValue& v) {
    if (v.isBool()) return v.toBool();
    if (v.isInt()) return v.toInt() != 0;
    if (v.isDouble()) return v.toDouble() != 0;
    if (v.isTensor()) {
      const at::Tensor& t = v.toTensor();
      TORCH_CHECK(t.numel() == 1, "a predicate tensor must hold one element, it has ", t.numel());
      return t.item().toBool();
    }
    throw std::invalid_argument(std::string("a predicate must be a bool or a one-element tensor, got a ") + v.tagKind());
  }

  static std::vector<IValue> concat(std::vector<IValue> a, const std::vector<IValue>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }

  static std::vector<IValue> stack_each(const std::vector<std::vector<IValue>>& per_step, std::size_t from, std::size_t count) {
    std::vector<IValue> out;
    for (std::size_t j = 0; j < count; ++j) {
      std::vector<at::Tensor> parts;
      for (const auto& step : per_step) parts.push_back(step.at(from + j).toTensor());
      out.emplace_back(at::stack(parts));
    }
    return out;
  }

  static std::int64_t leading_size(const Node& node, const std::vector<IValue>& xs) {
    if (xs.empty() || !xs.front().isTensor() || xs.front().toTensor().dim() == 0)
      throw ExecutionError(label(node) + ": needs at least one tensor of rank >= 1 to iterate over");
    const std::int64_t n = xs.front().toTensor().size(0);
    if (n == 0) throw ExecutionError(label(node) + ": iterates over zero elements (the output shape is unknown)");
    return n;
  }

  void execute(const Node& node) {
    std::vector<IValue> results;
    switch (node.kind) {
      case NodeKind::Operator: {
        // One stack per frame, reused by every operator node: no allocation per call.
        stack_.clear();
        for (const Operand& o : node.args) stack_.push_back(value(o));
        node.op->callBoxed(stack_);
        store(node, stack_);
        stack_.clear();  // the results now live in their slots
        return;
      }
      case NodeKind::WithEffects: {
        // The token passes through (an empty tensor, as the runner binds input tokens).
        std::vector<IValue> stack;
        stack.reserve(node.args.size() - 1);
        for (std::size_t i = 1; i < node.args.size(); ++i) stack.push_back(value(node.args[i]));
        node.op->callBoxed(stack);
        results.push_back(value(node.args[0]));
        for (IValue& v : stack) results.push_back(std::move(v));
        break;
      }
      case NodeKind::Symbolic: {
        std::vector<IValue> args;
        for (const Operand& o : node.args) args.push_back(value(o));
        results.push_back(node.symbolic(args));
        break;
      }
      case NodeKind::Cond: {
        const bool pred = truth(value(node.args[0]));
        results = subgraph(node, node.args[pred ? 1 : 2], items(node.args[3]));
        break;
      }
      case NodeKind::SetGradEnabled: {
        const c10::AutoGradMode grad_mode(node.args[0].constant.toBool());
        results = subgraph(node, node.args[1], values_from(node, 2));
        break;
      }
      case NodeKind::Autocast: {
        std::vector<IValue> inputs = values_from(node, 1);
        const AutocastScope autocast(node.autocast);
        results = subgraph(node, node.args[0], std::move(inputs));
        break;
      }
      case NodeKind::Map: {
        const std::vector<IValue> xs = items(node.args[1]), rest = items(node.args[2]);
        const std::int64_t n = leading_size(node, xs);
        std::vector<std::vector<IValue>> steps;
        for (std::int64_t i = 0; i < n; ++i) {
          std::vector<IValue> in;
          for (const IValue& x : xs) in.emplace_back(x.toTensor().select(0, i));
          steps.push_back(subgraph(node, node.args[0], concat(std::move(in), rest)));
        }
        results = stack_each(steps, 0, steps.front().size());
        break;
      }
      case NodeKind::WhileLoop: {
        std::vector<IValue> carried = items(node.args[2]);
        const std::vector<IValue> extra = items(node.args[3]);
        for (;;) {
          const std::vector<IValue> p = subgraph(node, node.args[0], concat(carried, extra));
          if (p.size() != 1) throw ExecutionError(label(node) + ": cond_fn returned " + std::to_string(p.size()) + " values");
          if (!truth(p.front())) break;
          std::vector<IValue> next = subgraph(node, node.args[1], concat(carried, extra));
          if (next.size() != carried.size())
            throw ExecutionError(label(node) + ": body_fn returned " + std::to_string(next.size()) + " values for " +
                                 std::to_string(carried.size()) + " carried");
          carried = std::move(next);
        }
        results = std::move(carried);
        break;
      }
      case NodeKind::Scan: {
        std::vector<IValue> carry = items(node.args[1]);
        const std::vector<IValue> xs = items(node.args[2]), extra = items(node.args[3]);
        const std::int64_t n = leading_size(node, xs);
        std::vector<std::vector<IValue>> steps;
        for (std::int64_t i = 0; i < n; ++i) {
          std::vector<IValue> in = carry;
          for (const IValue& x : xs) in.emplace_back(x.toTensor().select(0, i));
          std::vector<IValue> out = subgraph(node, node.args[0], concat(std::move(in), extra));
          if (out.size() < carry.size())
            throw ExecutionError(label(node) + ": combine_fn returned fewer values than the carry holds");
          for (std::size_t k = 0; k < carry.size(); ++k) carry[k] = out[k];
          steps.push_back(std::move(out));
        }
        results = concat(carry, stack_each(steps, carry.size(), steps.front().size() - carry.size()));
        break;
      }
    }
    store(node, results);
  }

  const Graph& graph_;
  std::vector<IValue> slots_;
  std::vector<IValue> stack_;  // the operator call stack (see execute)
  int depth_;
};

}  // namespace

std::vector<c10::IValue> run_graph(const program::Graph& graph, std::vector<c10::IValue> inputs) {
  return Frame(graph, std::move(inputs), 0).run();
}

}  // namespace exportcheck::runtime

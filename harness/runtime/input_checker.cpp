#include "harness/runtime/input_checker.h"

#include <algorithm>
#include <map>

#include <ATen/core/Tensor.h>

#include "harness/runtime/program_runner.h"
#include "harness/symbolic/canonical.h"
#include "harness/symbolic/evaluate.h"

namespace exportcheck::runtime {

namespace {

std::string shape_text(const at::Tensor& t) {
  std::string s = "[";
  for (std::int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

std::string range_text(const program::Range& r) {
  return "[" + (r.min ? std::to_string(*r.min) : std::string("-inf")) + ", " +
         (r.max ? std::to_string(*r.max) : std::string("inf")) + "]";
}

}  // namespace

InputChecker::InputChecker(const program::Program& program) {
  for (const program::InputBinding& b : program.inputs) {
    if (!program::is_user_input(b.kind)) continue;
    const std::size_t index = inputs_.size();
    inputs_.push_back({&b, b.name.empty() ? "user input " + std::to_string(index) : "input '" + b.name + "'", ""});
    if (b.kind == program::InputBinding::Kind::UserSymInt)
      if (auto e = symbolic::try_parse(b.sym_expr); e && e->is_symbol()) inputs_.back().symbol = e->text;
    if (b.kind != program::InputBinding::Kind::UserTensor || !b.spec) continue;
    for (std::size_t d = 0; d < b.spec->sizes.size(); ++d) {
      const program::DimSpec& spec = b.spec->sizes[d];
      Dim dim;
      dim.input = index;
      dim.dim = d;
      dim.is_static = spec.is_static;
      dim.value = spec.value;
      if (!spec.is_static) {
        try {
          dim.expr = symbolic::parse(spec.expr);
          symbolic::check_integer(dim.expr);
        } catch (const symbolic::SymbolicError& e) {
          throw LoadError(inputs_.back().label + " dim " + std::to_string(d) + ": cannot read its size '" + spec.expr +
                          "': " + e.what());
        }
        dim.text = symbolic::canonical(dim.expr);
      }
      dims_.push_back(std::move(dim));
    }
  }
  for (const auto& [key, range] : program.ranges) {
    try {
      symbolic::Expr e = symbolic::parse(key);
      symbolic::check_integer(e);
      ranges_.push_back({std::move(e), key, range});
    } catch (const symbolic::SymbolicError& e) {
      throw LoadError("range_constraints: cannot read '" + key + "': " + e.what());
    }
  }
  // Plain symbols first: a size out of range is reported at the input that bound it.
  std::stable_partition(ranges_.begin(), ranges_.end(), [](const RangeCheck& r) { return r.expr.is_symbol(); });
}

std::string InputChecker::where(const Dim& d) const {
  return inputs_[d.input].label + " dim " + std::to_string(d.dim);
}

std::string InputChecker::where(const Source& s) const { return s.dim != nullptr ? where(*s.dim) : s.input->label; }

template <typename At>
std::optional<std::int64_t> InputChecker::value_of(const symbolic::Expr& e,
                                                   const std::map<std::string, std::int64_t>& values, const At& at) {
  try {
    return symbolic::evaluate(e, values);
  } catch (const symbolic::SymbolicError& err) {
    throw InputError(at() + ": " + err.what());
  }
}

void InputChecker::check(const std::vector<c10::IValue>& inputs) const {
  if (inputs.size() != inputs_.size())
    throw InputError("expected " + std::to_string(inputs_.size()) + " user inputs, got " + std::to_string(inputs.size()));
  using K = program::InputBinding::Kind;
  std::map<std::string, std::int64_t> values;
  std::map<std::string, Source> bound_at;  // symbol -> where it took its value
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    const program::InputBinding& b = *inputs_[i].binding;
    const c10::IValue& v = inputs[i];
    const std::string& label = inputs_[i].label;
    switch (b.kind) {
      case K::UserTensor: {
        if (!v.isTensor()) throw InputError(label + ": expected a tensor, got a " + std::string(v.tagKind()));
        const at::Tensor& t = v.toTensor();
        if (!t.defined()) throw InputError(label + ": expected a tensor, got an undefined tensor");
        if (b.spec && t.scalar_type() != b.spec->dtype)
          throw InputError(label + ": dtype " + std::string(c10::toString(t.scalar_type())) + ", expected " +
                           c10::toString(b.spec->dtype));
        if (b.spec && t.dim() != static_cast<std::int64_t>(b.spec->sizes.size()))
          throw InputError(label + ": rank " + std::to_string(t.dim()) + " (shape " + shape_text(t) + "), expected rank " +
                           std::to_string(b.spec->sizes.size()));
        break;
      }
      case K::UserSymInt:
        if (!v.isInt()) throw InputError(label + ": expected an int, got a " + std::string(v.tagKind()));
        if (const std::string& symbol = inputs_[i].symbol; !symbol.empty()) {
          values.emplace(symbol, v.toInt());
          bound_at.emplace(symbol, Source{&inputs_[i], nullptr});
        }
        break;
      case K::UserSymFloat:
        if (!v.isDouble() && !v.isInt()) throw InputError(label + ": expected a float, got a " + std::string(v.tagKind()));
        break;
      case K::UserSymBool:
        if (!v.isBool()) throw InputError(label + ": expected a bool, got a " + std::string(v.tagKind()));
        break;
      default: break;  // constant inputs: the value the program was specialized to; not checked (as module())
    }
  }
  auto size_of = [&](const Dim& d) { return inputs[d.input].toTensor().size(static_cast<std::int64_t>(d.dim)); };
  // Static sizes, and the symbols plain symbolic sizes bind.
  for (const Dim& d : dims_) {
    const std::int64_t actual = size_of(d);
    if (d.is_static) {
      if (actual != d.value)
        throw InputError(where(d) + ": size " + std::to_string(actual) + ", expected " + std::to_string(d.value));
      continue;
    }
    if (!d.expr.is_symbol()) continue;
    const std::string& symbol = d.expr.text;
    auto [it, inserted] = values.emplace(symbol, actual);
    if (inserted) {
      bound_at[symbol] = Source{&inputs_[d.input], &d};
    } else if (it->second != actual) {
      throw InputError(where(d) + ": size " + std::to_string(actual) + ", but " + where(bound_at[symbol]) + " has size " +
                       std::to_string(it->second) + " for the same dimension " + symbol);
    }
  }
  // Derived sizes: solve a linear one for a symbol no plain size bound, then check.
  for (const Dim& d : dims_) {
    if (d.is_static || d.expr.is_symbol()) continue;
    const std::int64_t actual = size_of(d);
    std::vector<std::string> unbound;
    for (const std::string& s : symbolic::symbols(d.expr))
      if (!values.contains(s)) unbound.push_back(s);
    if (unbound.size() == 1) {
      // A trial that overflows has no solution there: not an error of the input.
      auto at = [&](std::int64_t x) -> std::optional<std::int64_t> {
        auto trial = values;
        trial[unbound.front()] = x;
        try {
          return symbolic::evaluate(d.expr, trial);
        } catch (const symbolic::SymbolicError&) {
          return std::nullopt;
        }
      };
      const auto f0 = at(0), f1 = at(1);
      if (f0 && f1 && *f1 != *f0 && (actual - *f0) % (*f1 - *f0) == 0) {
        const std::int64_t x = (actual - *f0) / (*f1 - *f0);
        if (at(x) == actual) {
          values[unbound.front()] = x;
          bound_at[unbound.front()] = Source{&inputs_[d.input], &d};
        }
      }
    }
    const auto expected = value_of(d.expr, values, [&] { return where(d); });
    if (!expected)
      throw InputError(where(d) + ": size " + std::to_string(actual) + " fits no value of " + d.text);
    if (*expected != actual)
      throw InputError(where(d) + ": size " + std::to_string(actual) + ", expected " + d.text + " = " +
                       std::to_string(*expected));
  }
  // Range constraints of every symbol and expression whose value is known.
  for (const RangeCheck& r : ranges_) {
    const auto value = value_of(r.expr, values, [&] { return "range_constraints: " + r.key; });
    if (!value) continue;  // e.g. an unbacked symbol: checked by the graph's own asserts
    const bool below = r.range.min && *value < *r.range.min;
    const bool above = r.range.max && *value > *r.range.max;
    if (!below && !above) continue;
    std::string at;
    if (r.expr.is_symbol()) {
      at = bound_at.contains(r.expr.text) ? where(bound_at.at(r.expr.text)) : r.key;
    } else {
      const std::string canonical = symbolic::canonical(r.expr);
      for (const Dim& d : dims_)
        if (!d.is_static && d.text == canonical) {
          at = where(d);
          break;
        }
      if (at.empty()) {
        for (const std::string& s : symbolic::symbols(r.expr))
          if (bound_at.contains(s)) {
            at = where(bound_at.at(s));
            break;
          }
      }
    }
    throw InputError(at + ": size " + std::to_string(*value) + " is " + (below ? "below" : "above") + " the range " +
                     range_text(r.range) + " of " + r.key);
  }
}

}  // namespace exportcheck::runtime

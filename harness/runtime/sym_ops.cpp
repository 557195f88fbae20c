#include "harness/runtime/sym_ops.h"

#include <cmath>
#include <map>
#include <stdexcept>

#include <ATen/core/Tensor.h>

namespace exportcheck::runtime {

namespace {

using c10::IValue;
using Args = std::vector<IValue>;

struct Num {
  bool is_int = true;  // bools count as ints, as in Python
  std::int64_t i = 0;
  double d = 0;
  double as_double() const { return is_int ? static_cast<double>(i) : d; }
};

Num num(const IValue& v, const char* what) {
  if (v.isInt()) return {true, v.toInt(), 0};
  if (v.isBool()) return {true, v.toBool() ? 1 : 0, 0};
  if (v.isDouble()) return {false, 0, v.toDouble()};
  if (v.isTensor() && v.toTensor().numel() == 1) {
    const at::Tensor& t = v.toTensor();
    if (t.is_floating_point()) return {false, 0, t.item<double>()};
    return {true, t.item<std::int64_t>(), 0};
  }
  throw std::invalid_argument(std::string(what) + ": expected a number, got a " + v.tagKind());
}

IValue value(const Num& n) { return n.is_int ? IValue(n.i) : IValue(n.d); }

void arity(const Args& a, std::size_t n, const char* what) {
  if (a.size() != n)
    throw std::invalid_argument(std::string(what) + ": takes " + std::to_string(n) + " arguments, got " + std::to_string(a.size()));
}

std::int64_t floordiv(std::int64_t a, std::int64_t b) {
  if (b == 0) throw std::domain_error("integer division by zero");
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t pymod(std::int64_t a, std::int64_t b) {
  if (b == 0) throw std::domain_error("integer modulo by zero");
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

template <typename IntOp, typename FloatOp>
IValue arith(const Args& a, const char* what, IntOp iop, FloatOp fop) {
  arity(a, 2, what);
  const Num x = num(a[0], what), y = num(a[1], what);
  if (x.is_int && y.is_int) return iop(x.i, y.i);
  return fop(x.as_double(), y.as_double());
}

template <typename Cmp>
IValue compare(const Args& a, const char* what, Cmp cmp) {
  arity(a, 2, what);
  const Num x = num(a[0], what), y = num(a[1], what);
  if (x.is_int && y.is_int) return cmp(x.i, y.i);
  return cmp(x.as_double(), y.as_double());
}

bool truth(const IValue& v, const char* what) {
  const Num n = num(v, what);
  return n.is_int ? n.i != 0 : n.d != 0.0;
}

IValue op_add(const Args& a) { return arith(a, "add", [](auto x, auto y) { return IValue(x + y); }, [](double x, double y) { return IValue(x + y); }); }
IValue op_sub(const Args& a) { return arith(a, "sub", [](auto x, auto y) { return IValue(x - y); }, [](double x, double y) { return IValue(x - y); }); }
IValue op_mul(const Args& a) { return arith(a, "mul", [](auto x, auto y) { return IValue(x * y); }, [](double x, double y) { return IValue(x * y); }); }
IValue op_truediv(const Args& a) {
  arity(a, 2, "truediv");
  const double y = num(a[1], "truediv").as_double();
  if (y == 0) throw std::domain_error("division by zero");
  return num(a[0], "truediv").as_double() / y;
}
IValue op_floordiv(const Args& a) {
  return arith(a, "floordiv", [](std::int64_t x, std::int64_t y) { return IValue(floordiv(x, y)); },
               [](double x, double y) { return IValue(std::floor(x / y)); });
}
IValue op_mod(const Args& a) {
  return arith(a, "mod", [](std::int64_t x, std::int64_t y) { return IValue(pymod(x, y)); },
               [](double x, double y) { double r = std::fmod(x, y); if (r != 0 && ((r < 0) != (y < 0))) r += y; return IValue(r); });
}
IValue op_pow(const Args& a) {
  return arith(a, "pow",
               [](std::int64_t x, std::int64_t y) {
                 if (y < 0) return IValue(std::pow(static_cast<double>(x), static_cast<double>(y)));
                 std::int64_t r = 1;
                 for (std::int64_t k = 0; k < y; ++k) r *= x;
                 return IValue(r);
               },
               [](double x, double y) { return IValue(std::pow(x, y)); });
}
IValue op_neg(const Args& a) { arity(a, 1, "neg"); Num n = num(a[0], "neg"); n.i = -n.i; n.d = -n.d; return value(n); }
IValue op_pos(const Args& a) { arity(a, 1, "pos"); return value(num(a[0], "pos")); }
IValue op_abs(const Args& a) { arity(a, 1, "abs"); Num n = num(a[0], "abs"); n.i = n.i < 0 ? -n.i : n.i; n.d = std::fabs(n.d); return value(n); }
IValue op_eq(const Args& a) { return compare(a, "eq", [](auto x, auto y) { return IValue(x == y); }); }
IValue op_ne(const Args& a) { return compare(a, "ne", [](auto x, auto y) { return IValue(x != y); }); }
IValue op_lt(const Args& a) { return compare(a, "lt", [](auto x, auto y) { return IValue(x < y); }); }
IValue op_le(const Args& a) { return compare(a, "le", [](auto x, auto y) { return IValue(x <= y); }); }
IValue op_gt(const Args& a) { return compare(a, "gt", [](auto x, auto y) { return IValue(x > y); }); }
IValue op_ge(const Args& a) { return compare(a, "ge", [](auto x, auto y) { return IValue(x >= y); }); }
IValue op_and(const Args& a) {
  arity(a, 2, "and_");
  if (a[0].isBool() && a[1].isBool()) return a[0].toBool() && a[1].toBool();
  return num(a[0], "and_").i & num(a[1], "and_").i;
}
IValue op_or(const Args& a) {
  arity(a, 2, "or_");
  if (a[0].isBool() && a[1].isBool()) return a[0].toBool() || a[1].toBool();
  return num(a[0], "or_").i | num(a[1], "or_").i;
}
IValue op_not(const Args& a) { arity(a, 1, "not"); return !truth(a[0], "not"); }
IValue sym_float(const Args& a) { arity(a, 1, "sym_float"); return num(a[0], "sym_float").as_double(); }
IValue sym_int(const Args& a) {
  arity(a, 1, "sym_int");
  const Num n = num(a[0], "sym_int");
  return n.is_int ? n.i : static_cast<std::int64_t>(std::trunc(n.d));
}
IValue sym_max(const Args& a) { return arith(a, "sym_max", [](auto x, auto y) { return IValue(std::max(x, y)); }, [](double x, double y) { return IValue(std::max(x, y)); }); }
IValue sym_min(const Args& a) { return arith(a, "sym_min", [](auto x, auto y) { return IValue(std::min(x, y)); }, [](double x, double y) { return IValue(std::min(x, y)); }); }
IValue sym_sqrt(const Args& a) { arity(a, 1, "sym_sqrt"); return std::sqrt(num(a[0], "sym_sqrt").as_double()); }
IValue sym_ite(const Args& a) { arity(a, 3, "sym_ite"); return truth(a[0], "sym_ite") ? a[1] : a[2]; }
IValue sym_sum(const Args& a) {
  arity(a, 1, "sym_sum");
  Num total;
  for (const IValue& v : a[0].toListRef()) {
    const Num n = num(v, "sym_sum");
    if (total.is_int && n.is_int) total.i += n.i;
    else total = Num{false, 0, total.as_double() + n.as_double()};
  }
  return value(total);
}
template <double (*F)(double)>
IValue rounding(const Args& a) {
  arity(a, 1, "math rounding");
  const Num n = num(a[0], "math rounding");
  return n.is_int ? n.i : static_cast<std::int64_t>(F(n.d));
}
IValue math_sqrt(const Args& a) { return sym_sqrt(a); }

std::int64_t dim_index(const at::Tensor& t, std::int64_t dim) {
  const std::int64_t rank = t.dim();
  const std::int64_t d = dim < 0 ? dim + rank : dim;
  if (d < 0 || d >= rank)
    throw std::out_of_range("dimension " + std::to_string(dim) + " out of range for a tensor of rank " + std::to_string(rank));
  return d;
}
IValue aten_sym_size(const Args& a) { arity(a, 2, "sym_size"); const at::Tensor& t = a[0].toTensor(); return t.size(dim_index(t, a[1].toInt())); }
IValue aten_sym_stride(const Args& a) { arity(a, 2, "sym_stride"); const at::Tensor& t = a[0].toTensor(); return t.stride(dim_index(t, a[1].toInt())); }
IValue aten_sym_numel(const Args& a) { arity(a, 1, "sym_numel"); return a[0].toTensor().numel(); }
IValue aten_sym_storage_offset(const Args& a) { arity(a, 1, "sym_storage_offset"); return a[0].toTensor().storage_offset(); }

}  // namespace

program::SymbolicFn find_symbolic(const std::string& target) {
  static const std::map<std::string, program::SymbolicFn> table = {
      {"_operator.add", op_add}, {"_operator.sub", op_sub}, {"_operator.mul", op_mul},
      {"_operator.truediv", op_truediv}, {"_operator.floordiv", op_floordiv}, {"_operator.mod", op_mod},
      {"_operator.pow", op_pow}, {"_operator.neg", op_neg}, {"_operator.pos", op_pos}, {"_operator.abs", op_abs},
      {"_operator.eq", op_eq}, {"_operator.ne", op_ne}, {"_operator.lt", op_lt}, {"_operator.le", op_le},
      {"_operator.gt", op_gt}, {"_operator.ge", op_ge}, {"_operator.and_", op_and}, {"_operator.or_", op_or},
      {"_operator.not_", op_not},
      {"torch.sym_float", sym_float}, {"torch.sym_int", sym_int}, {"torch.sym_not", op_not},
      {"torch.sym_max", sym_max}, {"torch.sym_min", sym_min}, {"torch.sym_sqrt", sym_sqrt},
      {"torch._sym_sqrt", sym_sqrt}, {"torch.sym_ite", sym_ite}, {"torch.sym_sum", sym_sum},
      {"math.ceil", rounding<std::ceil>}, {"math.floor", rounding<std::floor>}, {"math.trunc", rounding<std::trunc>},
      {"math.sqrt", math_sqrt},
      {"torch.ops.aten.sym_size.int", aten_sym_size}, {"torch.ops.aten.sym_stride.int", aten_sym_stride},
      {"torch.ops.aten.sym_numel.default", aten_sym_numel},
      {"torch.ops.aten.sym_storage_offset.default", aten_sym_storage_offset},
  };
  const auto it = table.find(target);
  return it == table.end() ? nullptr : it->second;
}

}  // namespace exportcheck::runtime

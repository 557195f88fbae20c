#include "harness/program/argument_converter.h"

#include <optional>

#include <ATen/core/Tensor.h>
#include <ATen/ops/scalar_tensor.h>

#include "harness/program/load_error.h"

namespace exportcheck::program {

namespace {

c10::TypePtr unwrap_optional(const c10::TypePtr& type) {
  if (auto opt = type->cast<c10::OptionalType>()) return opt->getElementType();
  return type;
}

bool is_float_type(const c10::TypePtr& type) {
  const c10::TypePtr t = unwrap_optional(type);
  return t->kind() == c10::TypeKind::FloatType || t->kind() == c10::TypeKind::SymFloatType;
}

std::optional<ListKind> list_kind_of(const c10::TypePtr& type) {
  const auto list = unwrap_optional(type)->cast<c10::ListType>();
  if (!list) return std::nullopt;
  const c10::TypePtr elem = list->getElementType();
  switch (elem->kind()) {
    case c10::TypeKind::TensorType: return ListKind::Tensor;
    case c10::TypeKind::OptionalType:
      return unwrap_optional(elem)->kind() == c10::TypeKind::TensorType ? ListKind::OptionalTensor : ListKind::Generic;
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType: return ListKind::Int;
    case c10::TypeKind::FloatType:
    case c10::TypeKind::SymFloatType: return ListKind::Float;
    case c10::TypeKind::BoolType:
    case c10::TypeKind::SymBoolType: return ListKind::Bool;
    case c10::TypeKind::StringType: return ListKind::String;
    default: return ListKind::Generic;
  }
}

// The items of a constant list as a c10::List<T>, or nullopt when one is not
// a T (`is`: IValue::isInt and the like).
template <typename T>
std::optional<c10::IValue> typed_list(const std::vector<Operand>& items, bool (c10::IValue::*is)() const) {
  c10::List<T> list;
  for (const Operand& item : items) {
    if (!(item.constant.*is)()) return std::nullopt;
    list.push_back(item.constant.to<T>());
  }
  return c10::IValue(std::move(list));
}

// A list of constant ints, floats or bools (a conv's stride, a view's
// shape) becomes one constant built here, once, instead of a fresh
// c10::List on every call.
void fold_constant_list(Operand& op) {
  for (const Operand& item : op.items)
    if (item.kind != Operand::Kind::Constant) return;
  std::optional<c10::IValue> list;
  switch (op.list_kind) {
    case ListKind::Int: list = typed_list<std::int64_t>(op.items, &c10::IValue::isInt); break;
    case ListKind::Float: list = typed_list<double>(op.items, &c10::IValue::isDouble); break;
    case ListKind::Bool: list = typed_list<bool>(op.items, &c10::IValue::isBool); break;
    default: return;  // tensor, string and generic lists: as they are
  }
  if (list) op = Operand::of_constant(std::move(*list));
}

void coerce(Operand& op, const c10::Argument& arg) {
  if (op.kind == Operand::Kind::Constant && op.constant.isNone()) return;
  if (auto kind = list_kind_of(arg.type()); kind && op.kind == Operand::Kind::List) {
    op.list_kind = *kind;
    for (Operand& item : op.items) {
      if (*kind == ListKind::Float) {
        if (item.kind == Operand::Kind::Constant && item.constant.isInt())
          item.constant = static_cast<double>(item.constant.toInt());
        else if (item.kind == Operand::Kind::Slot)
          item.to_double = true;
      }
    }
    fold_constant_list(op);
    return;
  }
  if (arg.type()->kind() == c10::TypeKind::TensorType ||
      (arg.type()->kind() == c10::TypeKind::OptionalType && unwrap_optional(arg.type())->kind() == c10::TypeKind::TensorType)) {
    if (op.kind == Operand::Kind::Constant && (op.constant.isInt() || op.constant.isDouble() || op.constant.isBool()))
      op.constant = wrapped_number(op.constant);
    else if (op.kind == Operand::Kind::Slot)
      op.to_tensor = true;
    return;
  }
  if (is_float_type(arg.type())) {
    if (op.kind == Operand::Kind::Constant && op.constant.isInt())
      op.constant = static_cast<double>(op.constant.toInt());
    else if (op.kind == Operand::Kind::Slot)
      op.to_double = true;
  }
}

}  // namespace

c10::IValue wrapped_number(const c10::IValue& number) {
  at::Tensor t = at::scalar_tensor(number.toScalar(), at::TensorOptions().dtype(number.isDouble()  ? at::kDouble
                                                                                  : number.isBool() ? at::kBool
                                                                                                    : at::kLong));
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

std::vector<Operand> match_to_schema(const c10::FunctionSchema& schema, std::vector<NamedOperand> given,
                                     const std::string& where) {
  const auto& args = schema.arguments();
  std::vector<std::optional<Operand>> placed(args.size());
  std::size_t next_positional = 0;
  for (NamedOperand& g : given) {
    std::size_t index = args.size();
    if (!g.name.empty()) {
      for (std::size_t i = 0; i < args.size(); ++i)
        if (args[i].name() == g.name) index = i;
      if (index == args.size())
        throw LoadError(where + ": the operator schema '" + c10::toString(schema) + "' has no argument '" +
                                 g.name + "'");
    } else {
      while (next_positional < args.size() && placed[next_positional]) ++next_positional;
      index = next_positional;
      if (index == args.size())
        throw LoadError(where + ": more arguments than the schema '" + c10::toString(schema) + "' takes");
    }
    if (placed[index]) throw LoadError(where + ": argument '" + args[index].name() + "' given twice");
    placed[index] = std::move(g.value);
  }
  std::vector<Operand> out;
  out.reserve(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!placed[i]) {
      if (args[i].default_value()) {
        placed[i] = Operand::of_constant(*args[i].default_value());
      } else if (args[i].type()->kind() == c10::TypeKind::OptionalType) {
        placed[i] = Operand::of_constant(c10::IValue());
      } else {
        throw LoadError(where + ": argument '" + args[i].name() + "' has no value and no default");
      }
    }
    coerce(*placed[i], args[i]);
    out.push_back(std::move(*placed[i]));
  }
  return out;
}

}  // namespace exportcheck::program

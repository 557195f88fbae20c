#include "harness/runtime/prims_ops.h"

#include <map>
#include <stdexcept>

#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>

namespace exportcheck::runtime {
namespace {

// prims.convert_element_type(Tensor a, ScalarType dtype): a copy at `dtype`
// (torch/_prims/__init__.py: a new tensor, strides kept, as _to_copy).
c10::IValue convert_element_type(const std::vector<c10::IValue>& args) {
  if (args.size() != 2 || !args[0].isTensor() || !args[1].isInt())
    throw std::invalid_argument("prims.convert_element_type expects (Tensor a, ScalarType dtype)");
  const auto dtype = static_cast<c10::ScalarType>(args[1].toInt());
  return args[0].toTensor().to(dtype, /*non_blocking=*/false, /*copy=*/true);
}

}  // namespace

program::SymbolicFn find_prims(const std::string& target) {
  static const std::map<std::string, program::SymbolicFn> table = {
      {"torch.ops.prims.convert_element_type.default", convert_element_type},
  };
  auto it = table.find(target);
  return it == table.end() ? nullptr : it->second;
}

}  // namespace exportcheck::runtime

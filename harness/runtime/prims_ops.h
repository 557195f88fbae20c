#pragma once
// The torch.ops.prims.* targets that reach exported programs although prims
// are registered only by Python (torch._prims), so a C++ process has no
// dispatcher entry for them: run_decompositions(None) leaves
// prims.convert_element_type in core_aten programs (torch 2.13, e.g. renorm
// at float16). Each is implemented with the ATen call it stands for.
#include <string>

#include "harness/program/program.h"

namespace exportcheck::runtime {

// nullptr if `target` is not one of them. Arguments come in serialized order.
program::SymbolicFn find_prims(const std::string& target);

}  // namespace exportcheck::runtime

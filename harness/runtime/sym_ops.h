#pragma once
// Native implementations of the symbolic-scalar targets a graph holds
// (_operator.*, torch.sym_*, math.*, aten.sym_size/sym_numel/sym_stride):
// Python semantics on int, float and bool IValues.
#include <string>

#include "harness/program/program.h"

namespace exportcheck::runtime {

// nullptr if `target` is not one of them.
program::SymbolicFn find_symbolic(const std::string& target);

}  // namespace exportcheck::runtime

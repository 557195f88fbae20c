#pragma once
// One printed form for an expression, equal for its srepr and str() forms:
// sums and products with sorted terms, `2*s0 + 1`, `(s0//2)`, `Max(s0, s1)`.
// Golden IR prints it with symbols renamed; the runtime prints it as is, for
// messages and to match range_constraints keys with tensor sizes.
#include <functional>
#include <string>
#include <string_view>

#include "harness/symbolic/expr.h"
#include "harness/symbolic/symbol_renamer.h"

namespace exportcheck::symbolic {

using SymbolNamer = std::function<std::string(const std::string&)>;

std::string canonical(const Expr& e, const SymbolNamer& name);
std::string canonical(const Expr& e);  // symbols keep their names
std::string canonical(const Expr& e, SymbolRenamer& renamer);

// Canonical form of `text` with symbols renamed; text that does not parse
// comes back verbatim with its symbol-like words renamed.
std::string render(std::string_view text, SymbolRenamer& renamer);

}  // namespace exportcheck::symbolic

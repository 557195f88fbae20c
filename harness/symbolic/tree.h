#pragma once
// Node constructors used inside symbolic/ (the parser and the printer).
#include <string>
#include <vector>

#include "harness/symbolic/expr.h"

namespace exportcheck::symbolic {

Expr leaf(Expr::Kind kind, std::string text);
Expr call(std::string name, std::vector<Expr> args);

}  // namespace exportcheck::symbolic

// A DIM written as text: a named Dim ("batch") or a derived dim A*name+B
// ("2*dx", "dx*2", "dx+1", "dx-1", "2*dx+1", "2*dx-1"), as torch.export
// builds them from a Dim with * and +.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exportcheck::catalog {

struct DimExpression {
  std::string name;
  std::int64_t mul = 1;
  std::int64_t add = 0;
  bool derived = false;  // written with * or + / -, even if it is 1*dx+0
};

// nullopt if `text` is not one of the forms above (spaces are allowed).
// A is a non-negative integer literal, B an integer; callers check A >= 1.
std::optional<DimExpression> parse_dim_expression(std::string_view text);

}  // namespace exportcheck::catalog

#pragma once
// A node's target string as an operator of this process: torch.ops.NS.OP.OVERLOAD
// is c10 operator NS::OP with overload OVERLOAD ("default" is the unnamed
// overload), found once at load through c10::Dispatcher.
#include <optional>
#include <string>

#include <ATen/core/dispatch/Dispatcher.h>

namespace exportcheck::program {

struct OperatorName {
  std::string name;      // "aten::add"
  std::string overload;  // "Tensor", "" for default
};

// nullopt if `target` is not of the form torch.ops.NS.OP.OVERLOAD.
std::optional<OperatorName> parse_operator_target(const std::string& target);

// The higher-order op name of torch.ops.higher_order.NAME, or "".
std::string higher_order_name(const std::string& target);

// The registered operator; LoadError naming `node` and `target` if
// the target is not an operator name or no such operator is registered here.
c10::OperatorHandle resolve_operator(const std::string& target, const std::string& node);

}  // namespace exportcheck::program

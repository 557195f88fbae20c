#include "harness/program/target_resolver.h"

#include "harness/program/load_error.h"

namespace exportcheck::program {

std::optional<OperatorName> parse_operator_target(const std::string& target) {
  static const std::string prefix = "torch.ops.";
  if (target.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = target.substr(prefix.size());
  const auto first = rest.find('.');
  if (first == std::string::npos || first == 0) return std::nullopt;
  const auto second = rest.find('.', first + 1);
  if (second == std::string::npos || second == first + 1 || rest.find('.', second + 1) != std::string::npos)
    return std::nullopt;
  OperatorName out;
  out.name = rest.substr(0, first) + "::" + rest.substr(first + 1, second - first - 1);
  out.overload = rest.substr(second + 1);
  if (out.overload.empty()) return std::nullopt;
  if (out.overload == "default") out.overload.clear();
  return out;
}

std::string higher_order_name(const std::string& target) {
  static const std::string prefix = "torch.ops.higher_order.";
  return target.rfind(prefix, 0) == 0 ? target.substr(prefix.size()) : std::string();
}

c10::OperatorHandle resolve_operator(const std::string& target, const std::string& node) {
  const auto name = parse_operator_target(target);
  if (!name)
    throw LoadError("node '" + node + "': target '" + target + "' is not an operator this executor knows");
  const auto handle = c10::Dispatcher::singleton().findSchema({name->name, name->overload});
  if (!handle)
    throw LoadError("node '" + node + "': operator '" + target + "' (" + name->name +
                             (name->overload.empty() ? "" : "." + name->overload) +
                             ") is not registered in this process (a custom op registered only in Python?)");
  return *handle;
}

}  // namespace exportcheck::program

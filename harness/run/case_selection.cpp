#include "harness/run/case_selection.h"

#include <algorithm>
#include <regex>

namespace exportcheck::run {

Selection select_cases(const catalog::Catalog& catalog, const RunOptions& options) {
  std::optional<std::regex> filter;
  if (options.filter) {
    try {
      filter.emplace(*options.filter);
    } catch (const std::regex_error& e) {
      throw UsageError("--filter: not a valid regex: " + *options.filter);
    }
  }
  for (const auto& name : options.case_names) {
    bool known = std::any_of(catalog.cases.begin(), catalog.cases.end(), [&](auto& c) { return c.name == name; }) ||
                 std::any_of(catalog.broken.begin(), catalog.broken.end(), [&](auto& b) { return b.name == name; });
    if (!known) throw UsageError("--case: no case named '" + name + "' in cases/");
  }
  auto name_ok = [&](const std::string& name) {
    if (!options.case_names.empty() &&
        std::find(options.case_names.begin(), options.case_names.end(), name) == options.case_names.end())
      return false;
    return !filter || std::regex_search(name, *filter);
  };
  Selection s;
  for (const auto& c : catalog.cases) {
    if (!name_ok(c.name)) continue;
    if (!options.tags.empty() &&
        std::none_of(options.tags.begin(), options.tags.end(),
                     [&](auto& t) { return std::find(c.tags.begin(), c.tags.end(), t) != c.tags.end(); }))
      continue;
    s.cases.push_back(&c);
  }
  // A broken file's tags are unknown: it is selected unless a tag is asked for.
  for (const auto& b : catalog.broken)
    if (name_ok(b.name) && options.tags.empty()) s.broken.push_back(&b);
  if (s.size() == 0) throw UsageError("the selection (--case/--filter/--tag) matches no case");
  return s;
}

}  // namespace exportcheck::run

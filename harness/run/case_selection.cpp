#include "harness/run/case_selection.h"

#include <algorithm>
#include <limits>
#include <regex>
#include <set>

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
    if ((!options.modes.empty() || !options.irs.empty()) && !narrow_variants(c, options.modes, options.irs)) continue;
    s.cases.push_back(&c);
  }
  // A broken file's tags are unknown: it is selected unless a tag is asked for.
  for (const auto& b : catalog.broken)
    if (name_ok(b.name) && options.tags.empty()) s.broken.push_back(&b);
  if (s.size() == 0) throw UsageError("the selection (--case/--filter/--tag) matches no case");
  // --failed-from narrows what the options above chose: an empty result is
  // "nothing to rerun", not a usage error (the caller says so).
  if (options.failed_cases) {
    const std::set<std::string> failed(options.failed_cases->begin(), options.failed_cases->end());
    std::erase_if(s.cases, [&](auto* c) { return !failed.count(c->name); });
    std::erase_if(s.broken, [&](auto* b) { return !failed.count(b->name); });
  }
  if (options.shard) {
    std::vector<std::string> all;
    for (auto* c : s.cases) all.push_back(c->name);
    for (auto* b : s.broken) all.push_back(b->name);
    auto kept = shard_names(all, *options.shard);
    std::set<std::string> keep(kept.begin(), kept.end());
    std::erase_if(s.cases, [&](auto* c) { return !keep.count(c->name); });
    std::erase_if(s.broken, [&](auto* b) { return !keep.count(b->name); });
  }
  return s;
}

std::optional<catalog::Case> narrow_variants(const catalog::Case& c, const std::vector<std::string>& modes,
                                             const std::vector<std::string>& irs) {
  auto keep = [](const std::vector<std::string>& have, const std::vector<std::string>& wanted) {
    std::vector<std::string> out;
    for (const auto& x : have)
      if (wanted.empty() || std::find(wanted.begin(), wanted.end(), x) != wanted.end()) out.push_back(x);
    return out;
  };
  catalog::Case out = c;
  out.modes = keep(c.modes, modes);
  out.irs = keep(c.irs, irs);
  if (out.modes.empty() || out.irs.empty()) return std::nullopt;
  if (out.modes.size() == c.modes.size() && out.irs.size() == c.irs.size()) return out;
  nlohmann::json strict = nlohmann::json::array();
  for (const auto& m : out.modes) strict.push_back(m == "strict");
  out.normalized["export"]["strict"] = strict;
  out.normalized["export"]["ir"] = out.irs;
  return out;
}

Shard parse_shard(const std::string& text) {
  auto slash = text.find('/');
  Shard shard;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    size_t used = 0;
    shard.index = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("junk");
    std::string count = text.substr(slash + 1);
    shard.count = std::stoi(count, &used);
    if (used != count.size()) throw std::invalid_argument("junk");
  } catch (const std::exception&) {
    throw UsageError("--shard: expected K/N (e.g. 2/4), got '" + text + "'");
  }
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count)
    throw UsageError("--shard: K/N needs 1 <= K <= N, got '" + text + "'");
  return shard;
}

uint64_t fnv1a(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<std::string> shard_names(const std::vector<std::string>& names, Shard shard) {
  std::vector<std::pair<uint64_t, std::string>> order;
  for (const auto& n : names) order.emplace_back(fnv1a(n), n);
  std::sort(order.begin(), order.end());
  std::set<std::string> mine;
  for (size_t i = static_cast<size_t>(shard.index - 1); i < order.size(); i += static_cast<size_t>(shard.count))
    mine.insert(order[i].second);
  std::vector<std::string> out;
  for (const auto& n : names)
    if (mine.count(n)) out.push_back(n);
  return out;
}

std::vector<std::size_t> longest_first(const std::vector<std::string>& names,
                                       const std::map<std::string, double>& seconds) {
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto time_of = [&](std::size_t i) {
    auto it = seconds.find(names[i]);
    return it == seconds.end() ? std::numeric_limits<double>::infinity() : it->second;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return time_of(a) > time_of(b); });
  return order;
}

}  // namespace exportcheck::run

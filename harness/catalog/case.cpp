#include "harness/catalog/case.h"

#include <regex>

#include "harness/catalog/version_spec.h"

namespace exportcheck::catalog {
namespace {

std::vector<std::string_view> split_parts(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t colon = s.find(':', start);
    parts.push_back(s.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) return parts;
    start = colon + 1;
  }
}

int narrowing(const Expectation& e) { return (e.mode ? 1 : 0) + (e.ir ? 1 : 0) + (e.torch ? 1 : 0); }

}  // namespace

bool stage_key_matches(std::string_view key, std::string_view stage_id) {
  std::vector<std::string_view> k = split_parts(key);
  std::vector<std::string_view> s = split_parts(stage_id);
  if (k.size() > s.size()) return false;
  for (std::size_t i = 0; i < k.size(); ++i) {
    if (k[i] != "*" && k[i] != s[i]) return false;  // "*": any (compat:*:cpp, every saving release)
  }
  return true;
}

bool Expectation::applies_to(std::string_view stage_id, std::string_view mode_, std::string_view ir_,
                             std::string_view torch_version) const {
  if (!stage_key_matches(stage, stage_id)) return false;
  if (mode && *mode != mode_) return false;
  if (ir && *ir != ir_) return false;
  if (torch && !version_in_spec(torch_version, *torch)) return false;
  return true;
}

bool Expectation::matches_message(std::string_view message) const {
  if (!match) return true;
  // The parser has already checked that the pattern compiles.
  const std::regex re(*match, std::regex::ECMAScript);
  return std::regex_search(message.begin(), message.end(), re);
}

const Expectation* find_best_expectation(const std::vector<Expectation>& expect, std::string_view stage_id,
                                         std::string_view mode, std::string_view ir, std::string_view torch_version,
                                         const std::function<bool(const Expectation&)>& accept) {
  const Expectation* best = nullptr;
  std::size_t best_parts = 0;
  for (const Expectation& e : expect) {
    if (!e.applies_to(stage_id, mode, ir, torch_version) || (accept && !accept(e))) continue;
    std::size_t parts = split_parts(e.stage).size();
    if (best == nullptr || parts > best_parts ||
        (parts == best_parts && narrowing(e) > narrowing(*best))) {
      best = &e;
      best_parts = parts;
    }
  }
  return best;
}

const Expectation* Case::find_expectation(std::string_view stage_id, std::string_view mode,
                                          std::string_view ir, std::string_view torch_version) const {
  return find_best_expectation(expect, stage_id, mode, ir, torch_version);
}

std::optional<KeepArchives> parse_keep_archives(std::string_view text) {
  if (text == "all") return KeepArchives::All;
  if (text == "failing") return KeepArchives::Failing;
  return std::nullopt;
}

std::string_view to_string(KeepArchives keep) { return keep == KeepArchives::All ? "all" : "failing"; }

}  // namespace exportcheck::catalog

#pragma once
#include <optional>
// Which cases a run covers: --case names, --filter regex, --tag and
// --failed-from, all of which must hold. Broken case files are selected by
// their file stem so a bad file is reported, never silently left out.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string_view>
#include <string>
#include <vector>

#include "harness/catalog/catalog.h"
#include "harness/run/run_options.h"

namespace exportcheck::run {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Selection {
  std::vector<const catalog::Case*> cases;
  std::vector<const catalog::BrokenCase*> broken;
  size_t size() const { return cases.size() + broken.size(); }
};

// Throws UsageError for an unknown --case name, a bad regex, or a selection
// that matches nothing (before --failed-from and sharding: none of the
// earlier run's failures may be left, and one shard of a small selection
// may be empty; neither is an error).
Selection select_cases(const catalog::Catalog& catalog, const RunOptions& options);

// `c` with only the export modes and IR levels listed (empty: all of the
// case's), in its normalized JSON too, so the export worker exports only
// those; nullopt when the case has none of them.
std::optional<catalog::Case> narrow_variants(const catalog::Case& c, const std::vector<std::string>& modes,
                                             const std::vector<std::string>& irs);

// "K/N" with 1 <= K <= N; throws UsageError otherwise.
Shard parse_shard(const std::string& text);

// FNV-1a (64 bit): the same on every machine and compiler, unlike std::hash.
uint64_t fnv1a(std::string_view text);

// Which of `names` shard K/N holds: the names ordered by FNV-1a hash (ties by
// name) are dealt out round-robin, so shards differ in size by at most one
// and every machine agrees. Returned in the order of `names`.
std::vector<std::string> shard_names(const std::vector<std::string>& names, Shard shard);

// The order the slots take the cases in (indices into `names`): longest
// first by `seconds` (each case's time in an earlier run), so no slot starts
// a long case while the others run out of work. Cases without a time come
// first, in their own order (a new case may be long); ties keep `names`' order.
std::vector<std::size_t> longest_first(const std::vector<std::string>& names,
                                       const std::map<std::string, double>& seconds);

}  // namespace exportcheck::run

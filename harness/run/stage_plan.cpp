#include "harness/run/stage_plan.h"

#include <algorithm>
#include <set>

#include "harness/catalog/schema.h"

namespace exportcheck::run {

using K = StageId::Kind;

const std::vector<StageRow>& stage_table() {
  static const std::vector<StageRow> table = {
      {K::Export, {}},
      {K::Archive, {K::Export}},
      {K::Roundtrip, {K::Export}},
      {K::Golden, {K::Export}},
      {K::Replay, {K::Export}},
      {K::Guards, {K::Export}},
      {K::Sequence, {K::Export}},
  };
  return table;
}

std::vector<StageId> variant_stages(const std::vector<std::string>& runtimes, const std::vector<std::string>& devices) {
  std::vector<StageId> out;
  for (const StageRow& row : stage_table()) {
    switch (row.kind) {
      case K::Roundtrip:
        for (std::string_view check : catalog::schema::kRoundtripChecks) out.push_back(StageId::roundtrip(std::string(check)));
        break;
      case K::Replay:
      case K::Guards:
      case K::Sequence:
        for (const auto& runtime : runtimes)
          for (const auto& device : devices)
            out.push_back({row.kind, {}, runtime, device});
        break;
      default: out.push_back(StageId::of(row.kind));
    }
  }
  return out;
}

std::vector<StageId> dependents(StageId::Kind failed, const std::vector<StageId>& plan) {
  std::set<K> blocked{failed};
  for (bool grew = true; grew;) {  // the table is small: iterate to the closure
    grew = false;
    for (const StageRow& row : stage_table())
      if (!blocked.contains(row.kind) &&
          std::any_of(row.needs.begin(), row.needs.end(), [&](K n) { return blocked.contains(n); }))
        grew = blocked.insert(row.kind).second || grew;
  }
  std::vector<StageId> out;
  for (const StageId& id : plan)
    if (id.kind != failed && blocked.contains(id.kind)) out.push_back(id);
  return out;
}

}  // namespace exportcheck::run

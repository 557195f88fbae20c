#include "harness/report/suite_table.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "harness/catalog/stage_id.h"

namespace exportcheck::report {

std::optional<SuiteCaseName> split_suite_case(std::string_view name) {
  const auto first = name.find('/');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = name.find('/', first + 1);
  if (second == std::string_view::npos || name.find('/', second + 1) != std::string_view::npos) return std::nullopt;
  SuiteCaseName out{std::string(name.substr(0, first)), std::string(name.substr(first + 1, second - first - 1)),
                    std::string(name.substr(second + 1))};
  if (out.suite.empty() || out.op.empty() || out.lane.empty()) return std::nullopt;
  return out;
}

void sort_stages(std::vector<std::string>& stages) {
  auto key = [](const std::string& s) {
    const auto id = catalog::StageId::parse(s);
    return std::make_tuple(!id, id ? static_cast<int>(id->kind) : 0, s);
  };
  std::sort(stages.begin(), stages.end(), [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
}

std::vector<SuiteTable> suite_tables(const std::vector<StageResult>& results) {
  std::map<std::string, SuiteTable> tables;
  std::map<std::string, std::set<std::string>> stages, lanes;
  std::map<std::string, std::optional<std::string>> runtime_of;  // stage -> its runtime, parsed once
  std::string last_case;
  std::optional<SuiteCaseName> name;
  for (const auto& r : results) {
    if (r.case_name != last_case) {  // a case's records are consecutive: split each name once
      last_case = r.case_name;
      name = split_suite_case(r.case_name);
      if (name) {
        auto& t = tables[name->suite];
        t.suite = name->suite;
        // Counted once per lane entry: the first record of a (op, lane) creates it.
        if (!t.ops[name->op].count(name->lane)) ++t.cases;
        t.ops[name->op][name->lane];
        lanes[name->suite].insert(name->lane);
      }
    }
    if (!name) continue;
    auto& t = tables[name->suite];
    auto& cell = t.ops[name->op][name->lane];
    auto [it, fresh] = cell.emplace(r.stage, r.verdict);
    if (!fresh && noteworthiness(r.verdict) < noteworthiness(it->second)) it->second = r.verdict;
    t.by_stage[r.stage].add(r.verdict);
    stages[name->suite].insert(r.stage);
    auto rt = runtime_of.find(r.stage);
    if (rt == runtime_of.end()) {
      const auto id = catalog::StageId::parse(r.stage);
      rt = runtime_of.emplace(r.stage, id && id->per_runtime() ? std::optional(id->runtime) : std::nullopt).first;
    }
    if (rt->second) t.by_runtime[*rt->second].add(r.verdict);
  }
  std::vector<SuiteTable> out;
  for (auto& [suite, t] : tables) {
    t.stages.assign(stages[suite].begin(), stages[suite].end());
    sort_stages(t.stages);
    t.lanes.assign(lanes[suite].begin(), lanes[suite].end());
    out.push_back(std::move(t));
  }
  return out;
}

nlohmann::json to_json(const SuiteTable& t) {
  nlohmann::json ops = nlohmann::json::object();
  for (const auto& [op, lanes] : t.ops) {
    nlohmann::json& o = ops[op] = nlohmann::json::object();
    for (const auto& [lane, cells] : lanes) {
      nlohmann::json& l = o[lane] = nlohmann::json::object();
      for (const auto& [stage, v] : cells) l[stage] = to_string(v);
    }
  }
  nlohmann::json by_stage = nlohmann::json::object(), by_runtime = nlohmann::json::object();
  for (const auto& [stage, p] : t.by_stage) by_stage[stage] = to_json(p);
  for (const auto& [runtime, p] : t.by_runtime) by_runtime[runtime] = to_json(p);
  return {{"cases", t.cases},
          {"lanes", t.lanes},
          {"stages", t.stages},
          {"ops", ops},
          {"pass_rates", {{"stages", by_stage}, {"runtimes", by_runtime}}}};
}

}  // namespace exportcheck::report

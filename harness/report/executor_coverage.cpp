#include "harness/report/executor_coverage.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace exportcheck::report {
namespace {

long samples_of(const StageResult& r) {
  const auto it = r.details.find("samples");
  if (it == r.details.end() || !it->is_number_integer()) return 1;
  return it->get<long>();
}

std::string program_key(const StageResult& r) { return r.case_name + '\0' + r.variant; }

}  // namespace

ExecutorCoverage executor_coverage(const std::vector<StageResult>& results, const std::string& device) {
  ExecutorCoverage c;
  c.reference = "replay:module:" + device;
  c.executor = "replay:cpp:" + device;
  std::unordered_map<std::string, const StageResult*> executor;
  for (const auto& r : results)
    if (r.stage == c.executor) executor.emplace(program_key(r), &r);
  for (const auto& r : results) {
    if (r.stage != c.reference || r.verdict != Verdict::Pass) continue;
    const long samples = samples_of(r);
    ++c.programs;
    c.samples += samples;
    const auto it = executor.find(program_key(r));
    if (it != executor.end() && it->second->verdict == Verdict::Pass) {
      ++c.programs_passed;
      c.samples_passed += std::min(samples, samples_of(*it->second));
      continue;
    }
    ExecutorGap gap{r.case_name, r.variant, std::nullopt, "no " + c.executor + " record", "", samples};
    if (it != executor.end()) {
      gap.verdict = it->second->verdict;
      gap.message = it->second->message;
      gap.reason = it->second->reason;
    }
    c.not_passed.push_back(std::move(gap));
  }
  return c;
}

std::string coverage_line(const ExecutorCoverage& c) {
  if (c.programs == 0) return "";
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f%%", c.samples ? 100.0 * c.samples_passed / c.samples : 0.0);
  std::string out = "C++ executor runs " + std::to_string(c.samples_passed) + " of the " + std::to_string(c.samples) +
                    " samples module() runs (" + pct + "; " + std::to_string(c.programs_passed) + " of " +
                    std::to_string(c.programs) + " programs";
  if (!c.not_passed.empty()) {
    std::map<std::string, int> by_verdict;
    for (const auto& g : c.not_passed) ++by_verdict[g.verdict ? std::string(to_string(*g.verdict)) : "no record"];
    std::vector<std::pair<std::string, int>> sorted(by_verdict.begin(), by_verdict.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    out += "; " + std::to_string(c.not_passed.size()) + " do not: ";
    for (size_t i = 0; i < sorted.size(); ++i)
      out += (i ? ", " : "") + std::to_string(sorted[i].second) + " " + sorted[i].first;
  }
  return out + ")";
}

nlohmann::json to_json(const ExecutorCoverage& c) {
  nlohmann::json gaps = nlohmann::json::array();
  for (const auto& g : c.not_passed) {
    nlohmann::json j = {{"case", g.case_name},
                        {"variant", g.variant},
                        {"verdict", g.verdict ? nlohmann::json(to_string(*g.verdict)) : nlohmann::json(nullptr)},
                        {"message", g.message},
                        {"samples", g.samples}};
    if (!g.reason.empty()) j["reason"] = g.reason;
    gaps.push_back(std::move(j));
  }
  return {{"reference", c.reference},
          {"executor", c.executor},
          {"programs", c.programs},
          {"programs_passed", c.programs_passed},
          {"samples", c.samples},
          {"samples_passed", c.samples_passed},
          {"not_passed", gaps}};
}

}  // namespace exportcheck::report

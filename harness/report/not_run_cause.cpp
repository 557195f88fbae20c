#include "harness/report/not_run_cause.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_set>

namespace exportcheck::report {
namespace {

// What kept a dependent stage from running (case_runner: "not run: export FAIL").
constexpr std::string_view kDependencyPrefix = "not run: ";

bool contains(std::string_view s, std::string_view what) { return s.find(what) != std::string_view::npos; }

}  // namespace

bool did_not_run(Verdict v) { return v == Verdict::Unsupported || v == Verdict::Skip; }

std::string not_run_cause(const StageResult& r) {
  if (!did_not_run(r.verdict)) return "";
  // A SKIP with the dependency prefix was kept from running by another stage;
  // without it, it is a case file's `skip` expectation (message = reason).
  if (r.verdict == Verdict::Skip && r.message.starts_with(kDependencyPrefix)) {
    std::string why = r.reason.empty() ? r.message.substr(kDependencyPrefix.size()) : r.reason;
    why = why.substr(0, why.find('\n'));
    // A case an interrupted run did not finish (run_session: stage `case`, reason "interrupted").
    if (why == "interrupted") return "run interrupted";
    return "after " + why;
  }
  std::string reason = r.reason.empty() ? r.message : r.reason;
  reason = reason.substr(0, reason.find('\n'));
  // The reasons below are the harness's and the exporter's own texts
  // (exporter/devices.py, exporter/replay.py, replay/cpp_replay.cpp,
  // run/replay_stages.cpp, exporter/worker.py).
  if (reason == "CUDA not available") return "no CUDA";
  if (contains(reason, "NativeRT PyModelRunner unavailable") || contains(reason, "NativeRT PyModelRunner has no device option"))
    return "runtime unavailable in this torch";
  if (contains(reason, "not supported by the cpp runtime") || contains(reason, "is not supported by exportcheck"))
    return "device not supported";
  if (reason.starts_with("no symbol with a finite bound")) return "no bounded symbol";
  if (reason.ends_with(" not installed")) return "package not installed";
  return reason.empty() ? "(no reason given)" : reason;
}

std::vector<CauseGroup> group_not_run(const std::vector<StageResult>& results) {
  std::vector<CauseGroup> groups;
  // Linear in the results (a cause of a 2000-case run holds 2000 cases): each group's index and case set.
  std::map<std::string, size_t> index;
  std::vector<std::unordered_set<std::string>> seen;
  for (const auto& r : results) {
    if (!did_not_run(r.verdict)) continue;
    std::string cause = not_run_cause(r);
    auto [at, fresh] = index.emplace(cause, groups.size());
    if (fresh) {
      groups.push_back(CauseGroup{std::move(cause), 0, {}});
      seen.emplace_back();
    }
    CauseGroup& g = groups[at->second];
    ++g.count;
    if (seen[at->second].insert(r.case_name).second) g.cases.push_back(r.case_name);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const CauseGroup& a, const CauseGroup& b) {
    return a.count != b.count ? a.count > b.count : a.cause < b.cause;
  });
  return groups;
}

std::vector<NotRunStage> stages_not_run(const std::vector<StageResult>& results) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<StageResult>> by_stage;  // only stages with nothing run so far
  std::map<std::string, bool> ran;
  for (const auto& r : results) {
    auto [it, fresh] = ran.emplace(r.stage, false);
    if (fresh) order.push_back(r.stage);
    if (it->second) continue;
    if (!did_not_run(r.verdict)) {
      it->second = true;
      by_stage.erase(r.stage);
      continue;
    }
    by_stage[r.stage].push_back(r);
  }
  std::vector<NotRunStage> out;
  for (const auto& stage : order) {
    auto it = by_stage.find(stage);
    if (ran[stage] || it == by_stage.end()) continue;
    std::vector<CauseGroup> causes = group_not_run(it->second);
    // A SKIP after another stage only follows from that stage: the column's main cause is what kept the rest.
    std::stable_partition(causes.begin(), causes.end(), [](const CauseGroup& g) { return !g.cause.starts_with("after "); });
    out.push_back({stage, static_cast<int>(it->second.size()), std::move(causes)});
  }
  return out;
}

}  // namespace exportcheck::report

#include "harness/report/summary_json.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include "harness/report/atomic_file.h"
#include "harness/report/case_verdict.h"
#include "harness/report/aoti_compiles.h"
#include "harness/report/executor_coverage.h"
#include "harness/report/expectation_logic.h"
#include "harness/report/suite_table.h"
#include "harness/report/upstream_gap.h"

namespace exportcheck::report {

std::map<Verdict, int> count_verdicts(const std::vector<StageResult>& results) {
  std::map<Verdict, int> counts;
  for (const auto& r : results) ++counts[r.verdict];
  return counts;
}

std::vector<ReasonGroup> group_by_reason(const std::vector<StageResult>& results) {
  std::vector<ReasonGroup> groups;
  // Linear in the results (a run of 2000 cases has groups of 2000 cases): each group's index and case set.
  std::map<std::pair<Verdict, std::string>, size_t> index;
  std::vector<std::unordered_set<std::string>> seen;
  for (const auto& r : results) {
    if (r.verdict != Verdict::XFail && r.verdict != Verdict::Unsupported) continue;
    std::string reason = expected_reason(r);
    auto [at, fresh] = index.emplace(std::make_pair(r.verdict, reason), groups.size());
    if (fresh) {
      groups.push_back(ReasonGroup{r.verdict, std::move(reason), 0, {}});
      seen.emplace_back();
    }
    ReasonGroup& g = groups[at->second];
    ++g.count;
    if (seen[at->second].insert(r.case_name).second) g.cases.push_back(r.case_name);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const ReasonGroup& a, const ReasonGroup& b) {
    if (a.verdict != b.verdict) return a.verdict == Verdict::XFail;
    if (a.count != b.count) return a.count > b.count;
    return a.reason < b.reason;
  });
  return groups;
}

nlohmann::json expected_by_reason_json(const std::vector<ReasonGroup>& groups) {
  nlohmann::json out = {{"XFAIL", nlohmann::json::array()}, {"UNSUPPORTED", nlohmann::json::array()}};
  for (const auto& g : groups)
    out[std::string(to_string(g.verdict))].push_back({{"reason", g.reason}, {"count", g.count}, {"cases", g.cases}});
  return out;
}

std::vector<const StageResult*> findings(const std::vector<StageResult>& results) {
  std::vector<const StageResult*> out;
  for (const auto& r : results)
    if (is_finding(r)) out.push_back(&r);
  return out;
}

nlohmann::json summary_to_json(const Summary& s) {
  nlohmann::json counts = nlohmann::json::object();
  int unexpected = 0;
  for (auto [v, n] : count_verdicts(s.results)) {
    counts[std::string(to_string(v))] = n;
    if (is_unexpected(v)) unexpected += n;
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& r : s.results) results.push_back(to_json(r));
  nlohmann::json found = nlohmann::json::array();
  for (const StageResult* r : findings(s.results))
    found.push_back({{"case", r->case_name}, {"stage", r->stage}, {"variant", r->variant}, {"message", r->message}});
  nlohmann::json cases = nlohmann::json::object();
  for (const auto& [name, c] : s.cases)
    cases[name] = {{"tags", c.tags}, {"file", c.file}, {"description", c.description}};
  // 1.4: every case with records gets its verdict (case_verdict.h), also one
  // without case info (a 1.0 run read back).
  nlohmann::json case_counts = nlohmann::json::object();
  for (const auto& [name, cv] : case_verdicts(s.results)) {
    const std::string v(to_string(cv.verdict));
    cases[name]["verdict"] = v;
    cases[name]["detail"] = cv.detail;
    case_counts[v] = case_counts.value(v, 0) + 1;
  }
  nlohmann::json gaps = nlohmann::json::array();
  for (const auto& g : upstream_gaps(s.results, s.known_gaps)) gaps.push_back(to_json(g));
  // 1.6: the per-operator view of each `<suite>/<op>/<lane>` suite, and the C++ executor's coverage.
  nlohmann::json suites = nlohmann::json::object();
  for (const auto& t : suite_tables(s.results)) suites[t.suite] = to_json(t);
  const Tally t = tally(s.results);
  nlohmann::json not_run = nlohmann::json::array();
  for (const auto& g : t.not_run) not_run.push_back({{"cause", g.cause}, {"count", g.count}, {"cases", g.cases}});
  return {{"schema", "exportcheck-summary"},
          {"version", std::to_string(kSummaryMajor) + "." + std::to_string(kSummaryMinor)},
          {"run",
           {{"id", s.run.id},
            {"started_at", s.run.started_at},
            {"seconds", s.run.seconds},
            {"torch", s.run.torch},
            {"python", s.run.python},
            {"host", s.run.host},
            {"command", s.run.command},
            {"jobs", s.run.jobs},
            {"devices", s.run.devices},
            {"commit", s.run.commit},
            {"root", s.run.root},
            {"shard", s.run.shard},
            {"worker_startup_seconds", s.run.worker_startup_seconds},
            {"archives_removed",
             {{"cases", s.run.archives_removed_cases}, {"bytes", s.run.archives_removed_bytes}}},
            {"worker_threads", {{"count", s.run.worker_threads}, {"source", s.run.worker_threads_source}}}}},
          {"counts", counts},
          {"unexpected", unexpected},
          {"totals",
           {{"results", t.total()},
            {"passed", t.passed},
            {"failed", t.failed},
            {"skipped", t.skipped},
            {"expected_failures", t.expected_failures},
            {"fixed", t.fixed},
            {"drift", t.drift},
            {"findings", t.findings}}},
          {"case_counts", case_counts},
          {"not_run_by_cause", not_run},
          {"expected_by_reason", expected_by_reason_json(group_by_reason(s.results))},
          {"findings", found},
          {"upstream_gaps", gaps},
          {"executor_coverage", to_json(executor_coverage(s.results))},
          {"aoti_compiles", to_json(aoti_compiles(s.results))},
          {"suites", suites},
          {"results", results},
          {"cases", cases}};
}

Summary summary_from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("schema", "") != "exportcheck-summary")
    throw std::runtime_error("not an exportcheck summary (field 'schema' is not \"exportcheck-summary\")");
  std::string version = j.value("version", "");
  int major = -1;
  try {
    major = std::stoi(version);
  } catch (...) {
  }
  if (major != kSummaryMajor)
    throw std::runtime_error("summary version " + version + " is not readable by this build (reads " +
                             std::to_string(kSummaryMajor) + ".x)");
  Summary s;
  const auto& run = j.at("run");
  s.run.id = run.value("id", "");
  s.run.started_at = run.value("started_at", "");
  s.run.seconds = run.value("seconds", 0.0);
  s.run.torch = run.value("torch", "");
  s.run.python = run.value("python", "");
  s.run.host = run.value("host", "");
  s.run.command = run.value("command", "");
  s.run.jobs = run.value("jobs", 1);
  s.run.devices = run.value("devices", std::vector<std::string>{});
  s.run.commit = run.value("commit", "");
  s.run.root = run.value("root", "");
  s.run.shard = run.value("shard", "");
  s.run.worker_startup_seconds = run.value("worker_startup_seconds", 0.0);
  if (const auto removed = run.find("archives_removed"); removed != run.end() && removed->is_object()) {
    s.run.archives_removed_cases = removed->value("cases", 0);
    s.run.archives_removed_bytes = removed->value("bytes", std::uintmax_t{0});
  }
  if (const auto threads = run.find("worker_threads"); threads != run.end() && threads->is_object()) {
    s.run.worker_threads = threads->value("count", 0);
    s.run.worker_threads_source = threads->value("source", "");
  }
  if (j.contains("cases")) {
    for (const auto& [name, c] : j.at("cases").items()) {
      CaseInfo info;
      info.tags = c.value("tags", std::vector<std::string>{});
      info.file = c.value("file", "");
      info.description = c.value("description", "");
      s.cases[name] = std::move(info);
    }
  }
  for (const auto& r : j.at("results")) s.results.push_back(stage_result_from_json(r));
  if (j.contains("upstream_gaps") && j.at("upstream_gaps").is_array())
    for (const auto& g : j.at("upstream_gaps"))
      if (g.is_object() && g.value("kind", "") == to_string(GapKind::KnownGap)) s.known_gaps.push_back(g.value("reason", ""));
  return s;
}

void write_summary(const std::filesystem::path& path, const Summary& s) {
  write_file_atomically(path, summary_to_json(s).dump(1) + "\n");
}

Summary read_summary(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error(path.string() + ": not valid JSON");
  try {
    return summary_from_json(j);
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
}

}  // namespace exportcheck::report

#include "harness/report/merge.h"

#include <algorithm>
#include <map>
#include <set>

namespace exportcheck::report {
namespace {

// How much a verdict says about the stage (see merge.h).
int weight(Verdict v) {
  if (is_unexpected(v)) return 2;
  if (v == Verdict::Unsupported || v == Verdict::Skip) return 0;
  return 1;
}

// "a, b" of the distinct non-empty values, in first-seen order.
std::string join_distinct(const std::vector<std::string>& values) {
  std::string out;
  std::set<std::string> seen;
  for (const auto& v : values)
    if (!v.empty() && seen.insert(v).second) out += (out.empty() ? "" : ", ") + v;
  return out;
}

}  // namespace

Summary merge_summaries(const std::vector<Summary>& shards, const std::string& id) {
  Summary out;
  out.run.id = id;
  out.run.jobs = 0;
  std::vector<std::string> torch, python, host, commit, root, command, threads_source;
  std::set<int> threads;
  std::set<std::string> devices;
  std::map<std::string, size_t> index;  // record id -> position in out.results
  for (const auto& s : shards) {
    if (out.run.started_at.empty() || (!s.run.started_at.empty() && s.run.started_at < out.run.started_at))
      out.run.started_at = s.run.started_at;
    out.run.seconds = std::max(out.run.seconds, s.run.seconds);  // shards run side by side
    out.run.jobs += s.run.jobs;
    out.run.worker_startup_seconds += s.run.worker_startup_seconds;
    out.run.archives_removed_cases += s.run.archives_removed_cases;
    out.run.archives_removed_bytes += s.run.archives_removed_bytes;
    threads.insert(s.run.worker_threads);
    threads_source.push_back(s.run.worker_threads_source);
    torch.push_back(s.run.torch);
    python.push_back(s.run.python);
    host.push_back(s.run.host);
    commit.push_back(s.run.commit);
    root.push_back(s.run.root);
    devices.insert(s.run.devices.begin(), s.run.devices.end());
    for (const auto& [name, info] : s.cases) out.cases.emplace(name, info);
    for (const auto& reason : s.known_gaps)
      if (std::find(out.known_gaps.begin(), out.known_gaps.end(), reason) == out.known_gaps.end())
        out.known_gaps.push_back(reason);
    for (const auto& r : s.results) {
      auto [it, fresh] = index.emplace(r.id(), out.results.size());
      if (fresh)
        out.results.push_back(r);
      else if (weight(r.verdict) > weight(out.results[it->second].verdict))
        out.results[it->second] = r;
    }
  }
  out.run.jobs = std::max(out.run.jobs, 1);
  out.run.torch = join_distinct(torch);
  out.run.python = join_distinct(python);
  out.run.host = join_distinct(host);
  out.run.commit = join_distinct(commit);
  out.run.worker_threads = threads.size() == 1 ? *threads.begin() : 0;  // shards that differ: no one count
  out.run.worker_threads_source = join_distinct(threads_source);
  for (const auto& r : root)
    if (out.run.root.empty()) out.run.root = r;  // links need one root: the first shard's
  out.run.devices.assign(devices.begin(), devices.end());
  std::sort(out.run.devices.begin(), out.run.devices.end(), [](auto& a, auto& b) {
    return (a != "cpu") < (b != "cpu") || ((a != "cpu") == (b != "cpu") && a < b);  // cpu first
  });
  out.run.command = "exportcheck report --merge (" + std::to_string(shards.size()) + " runs)";
  // The same order run_session writes: by case, stages as they ran.
  std::stable_sort(out.results.begin(), out.results.end(),
                   [](const auto& a, const auto& b) { return a.case_name < b.case_name; });
  return out;
}

}  // namespace exportcheck::report

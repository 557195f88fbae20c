#include "harness/report/upstream_gap.h"

#include <algorithm>
#include <cctype>

namespace exportcheck::report {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// The gap a record belongs to, or false: (kind, reason).
bool classify(const StageResult& r, const std::vector<std::string>& known_gaps, GapKind& kind, std::string& reason) {
  if (is_finding(r)) {
    kind = GapKind::Finding;
    // Records before summary 1.3 have no reason: the message is the finding.
    reason = r.reason.empty() ? r.message.substr(r.message.starts_with("finding: ") ? 9 : 0) : r.reason;
    reason = reason.substr(0, reason.find('\n'));
    return true;
  }
  if (r.verdict != Verdict::XFail) return false;
  reason = expected_reason(r);
  if (std::find(known_gaps.begin(), known_gaps.end(), reason) != known_gaps.end()) {
    kind = GapKind::KnownGap;
    return true;
  }
  kind = GapKind::Expectation;
  return blames_torch(reason);
}

// A case's records are consecutive: the last value decides most calls.
void add_distinct(std::vector<std::string>& list, const std::string& value) {
  if (!list.empty() && list.back() == value) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

std::string_view to_string(GapKind k) {
  switch (k) {
    case GapKind::KnownGap: return "known gap";
    case GapKind::Expectation: return "expectation";
    case GapKind::Finding: return "finding";
  }
  return "?";
}

bool blames_torch(std::string_view reason) {
  for (std::string_view prefix : {"upstream", "known upstream gap", "torch ", "torch:", "NativeRT"})
    if (starts_with_nocase(reason, prefix)) return true;
  return false;
}

std::vector<UpstreamGap> upstream_gaps(const std::vector<StageResult>& results,
                                       const std::vector<std::string>& known_gaps) {
  std::vector<UpstreamGap> gaps;
  for (const auto& r : results) {
    GapKind kind;
    std::string reason;
    if (!classify(r, known_gaps, kind, reason)) continue;
    auto it = std::find_if(gaps.begin(), gaps.end(),
                           [&](const UpstreamGap& g) { return g.kind == kind && g.reason == reason; });
    if (it == gaps.end()) it = gaps.insert(gaps.end(), UpstreamGap{kind, reason, 0, {}, {}, {}});
    ++it->count;
    add_distinct(it->cases, r.case_name);
    add_distinct(it->stages, r.stage);
    if (it->repro.command.empty()) {
      StandaloneRepro repro = standalone_repro(r);
      if (!repro.command.empty() || it->repro.unavailable.empty()) it->repro = std::move(repro);
    }
  }
  std::stable_sort(gaps.begin(), gaps.end(), [](const UpstreamGap& a, const UpstreamGap& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.count != b.count) return a.count > b.count;
    return a.reason < b.reason;
  });
  return gaps;
}

nlohmann::json to_json(const UpstreamGap& g) {
  nlohmann::json j = {{"kind", to_string(g.kind)}, {"reason", g.reason}, {"count", g.count},
                      {"cases", g.cases},          {"stages", g.stages}};
  if (!g.repro.command.empty())
    j["repro"] = g.repro.command;
  else
    j["no_repro"] = g.repro.unavailable;
  return j;
}

}  // namespace exportcheck::report

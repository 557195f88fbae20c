#include "harness/report/comparison.h"

#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace exportcheck::report {
namespace {

bool is_failure(Verdict v) { return is_unexpected(v) || v == Verdict::XFail; }
bool is_pass(Verdict v) { return v == Verdict::Pass || v == Verdict::Fixed || v == Verdict::XPass; }

std::string fmt(double seconds) { return format_seconds(seconds); }

}  // namespace

std::map<std::string, double> case_seconds(const Summary& s, std::string_view stage) {
  std::map<std::string, double> out;
  for (const auto& r : s.results)
    if (stage.empty() || r.stage == stage) out[r.case_name] += r.seconds;
  return out;
}

std::vector<TimingChange> timing_changes(const std::map<std::string, double>& before,
                                         const std::map<std::string, double>& after, double ratio, double min_seconds) {
  std::vector<TimingChange> out;
  for (const auto& [name, t] : after) {
    auto it = before.find(name);
    if (it == before.end()) continue;
    const double diff = std::abs(t - it->second);
    if (diff > min_seconds && diff > ratio * it->second) out.push_back({name, it->second, t});
  }
  return out;
}

std::string format_seconds(double seconds) {
  std::ostringstream o;
  o.precision(seconds < 10 ? 2 : 3);
  o << seconds << " s";
  return o.str();
}

int Comparison::unacknowledged_fixes() const {
  int n = 0;
  for (const auto& f : fixes) n += !f.acknowledged;
  return n;
}

Comparison compare_runs(const Summary& baseline, const Summary& current, const CompareOptions& options) {
  Comparison c;
  c.baseline_id = baseline.run.id;
  c.current_id = current.run.id;
  std::map<std::string, const StageResult*> before;
  for (const auto& r : baseline.results) before[r.id()] = &r;
  for (const auto& r : current.results) {
    auto it = before.find(r.id());
    if (it == before.end()) continue;  // new case or stage: its verdict alone decides the run
    Verdict was = it->second->verdict, now = r.verdict;
    VerdictChange change{r.id(), r.case_name, was, now, r.message, false};
    if (now == Verdict::XPass || (is_failure(was) && is_pass(now))) {
      // XFAIL -> PASS: the expectation was already removed from the case file.
      change.acknowledged = was == Verdict::XFail && now != Verdict::XPass;
      c.fixes.push_back(change);
    } else if (!is_unexpected(was) && is_unexpected(now)) {
      c.regressions.push_back(change);
    } else if (is_unexpected(was) && is_unexpected(now)) {
      ++c.still_unexpected;
    }
  }
  const auto old_time = case_seconds(baseline), new_time = case_seconds(current);
  c.timing = timing_changes(old_time, new_time, options.timing_ratio, options.timing_min_seconds);
  for (const auto& [name, t] : new_time)
    if (!old_time.count(name)) c.new_cases.push_back(name);
  for (const auto& [name, t] : old_time)
    if (!new_time.count(name)) c.removed_cases.push_back(name);
  return c;
}

std::string comparison_text(const Comparison& c) {
  std::ostringstream o;
  o << "comparison: " << c.current_id << " against baseline " << c.baseline_id << "\n";
  auto list = [&](const char* title, const std::vector<VerdictChange>& changes) {
    if (changes.empty()) return;
    o << "\n" << title << " (" << changes.size() << "):\n";
    for (const auto& ch : changes) {
      o << "  " << to_string(ch.before) << " -> " << to_string(ch.after) << "  " << ch.id
        << (ch.acknowledged ? "  (case file already updated)" : "") << "\n";
      if (!ch.message.empty()) o << "      " << ch.message.substr(0, ch.message.find('\n')) << "\n";
    }
  };
  list("REGRESSIONS: expected before, unexpected now", c.regressions);
  list("FIXES: the expectation must be updated", c.fixes);
  if (c.unacknowledged_fixes())
    o << "  update: remove the case's `expect:` entry for the stage (cases/<case>.yaml), or make this run the "
         "baseline if it was an unexpected failure before\n";
  auto names = [&](const char* title, const std::vector<std::string>& v) {
    if (v.empty()) return;
    o << "\n" << title << " (" << v.size() << "):";
    for (const auto& n : v) o << " " << n;
    o << "\n";
  };
  names("new cases", c.new_cases);
  names("removed cases", c.removed_cases);
  if (!c.timing.empty()) {
    o << "\ntiming changes (" << c.timing.size() << "):\n";
    for (const auto& t : c.timing) o << "  " << t.case_name << ": " << fmt(t.before) << " -> " << fmt(t.after) << "\n";
  }
  if (c.still_unexpected) o << "\n" << c.still_unexpected << " result(s) unexpected in both runs\n";
  o << "\ngate: " << (c.passes() ? "PASS" : "FAIL") << " (" << c.regressions.size() << " regression(s), "
    << c.unacknowledged_fixes() << " unacknowledged fix(es))\n";
  return o.str();
}

nlohmann::json to_json(const Comparison& c) {
  auto changes = [](const std::vector<VerdictChange>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& ch : v)
      a.push_back({{"id", ch.id},
                   {"case", ch.case_name},
                   {"before", to_string(ch.before)},
                   {"after", to_string(ch.after)},
                   {"message", ch.message},
                   {"acknowledged", ch.acknowledged}});
    return a;
  };
  nlohmann::json timing = nlohmann::json::array();
  for (const auto& t : c.timing) timing.push_back({{"case", t.case_name}, {"before", t.before}, {"after", t.after}});
  return {{"baseline", c.baseline_id},     {"current", c.current_id},     {"regressions", changes(c.regressions)},
          {"fixes", changes(c.fixes)},     {"new_cases", c.new_cases},    {"removed_cases", c.removed_cases},
          {"timing", timing},              {"still_unexpected", c.still_unexpected},
          {"passes", c.passes()}};
}

}  // namespace exportcheck::report

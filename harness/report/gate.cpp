#include "harness/report/gate.h"

#include <array>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "harness/report/junit_xml.h"
#include "harness/report/stage_order.h"

namespace exportcheck::report {
namespace {

bool golden_matched(Verdict v) { return v == Verdict::Pass || v == Verdict::Fixed; }
// A golden that did not run (its export failed, the mode is unsupported) says nothing about the IR.
bool golden_ran(Verdict v) { return v != Verdict::Skip && v != Verdict::Unsupported; }

std::string suite_of(const std::string& case_name) {
  auto slash = case_name.find('/');
  return slash == std::string::npos ? "catalog" : case_name.substr(0, slash);
}

std::vector<SuiteEntries> by_suite(const std::vector<std::string>& cases) {
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& c : cases) groups[suite_of(c)].push_back(c);
  std::vector<SuiteEntries> out;
  for (auto& [suite, names] : groups) out.push_back({suite, std::move(names)});
  return out;
}

// Pipeline order of a stage's root, as the dashboard's matrix columns.
using RowKey = std::tuple<std::string, bool, int, std::string, std::string>;  // case, forward, rank, stage, variant
RowKey row_key(const StageResult& r, bool forward) {
  return {r.case_name, forward, stage_rank(r.stage), r.stage, r.variant};
}

std::string verdict_or_dash(const std::optional<Verdict>& v) { return v ? std::string(to_string(*v)) : "—"; }
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }


nlohmann::json optional_verdict(const std::optional<Verdict>& v) {
  return v ? nlohmann::json(std::string(to_string(*v))) : nlohmann::json(nullptr);
}

}  // namespace

std::string_view to_string(RegressionKind k) {
  switch (k) {
    case RegressionKind::Regression: return "regression";
    case RegressionKind::ForwardCompat: return "forward compat";
    case RegressionKind::BackwardCompat: return "backward compat";
  }
  return "regression";
}

int GateReport::count(RegressionKind k) const {
  int n = 0;
  for (const auto& r : regressions) n += r.kind == k;
  return n;
}

GateReport make_gate(const Summary& baseline, const Summary& candidate, const Summary* forward,
                     const GateOptions& options) {
  GateReport g;
  g.baseline = {baseline.run.id, baseline.run.torch};
  g.candidate = {candidate.run.id, candidate.run.torch};
  if (forward) g.forward = GateRun{forward->run.id, forward->run.torch};

  // Timing is the gate's own (export seconds only): compare_runs' whole-case timing is not used.
  const Comparison c = compare_runs(baseline, candidate);
  g.fixes = c.fixes;
  g.still_unexpected = c.still_unexpected;
  g.new_entries = by_suite(c.new_cases);
  g.removed_entries = by_suite(c.removed_cases);

  std::unordered_map<std::string, RegressionKind> failing;  // pair ids that fail the gate
  for (const auto& ch : c.regressions) {
    g.regressions.push_back({RegressionKind::Regression, ch.id, ch.case_name, ch.before, ch.after, ch.message});
    failing.emplace(ch.id, RegressionKind::Regression);
  }

  std::unordered_map<std::string, const StageResult*> before;
  for (const auto& r : baseline.results) before.emplace(r.id(), &r);

  std::vector<GateRegression> backward;
  for (const auto& r : candidate.results) {
    // An archive of an older release the candidate cannot load: no baseline record to compare with
    // (the baseline does not load its own archives as compat), so compare_runs does not see it.
    if (r.stage.rfind("compat:", 0) == 0 && is_unexpected(r.verdict) && !before.count(r.id())) {
      backward.push_back({RegressionKind::BackwardCompat, r.id(), r.case_name, std::nullopt, r.verdict, r.message});
      failing.emplace(r.id(), RegressionKind::BackwardCompat);
    }
    if (r.stage != "golden" || golden_matched(r.verdict) || !golden_ran(r.verdict)) continue;
    auto it = before.find(r.id());
    if (it == before.end() || !golden_matched(it->second->verdict)) continue;
    auto diff = r.details.find("diff");
    g.drift.push_back({r.case_name, r.variant, it->second->verdict, r.verdict, r.message,
                       diff != r.details.end() && diff->is_string() ? diff->get<std::string>() : r.message});
  }
  if (forward)
    for (const auto& r : forward->results)
      if (is_unexpected(r.verdict))
        g.regressions.push_back({RegressionKind::ForwardCompat, r.id(), r.case_name, std::nullopt, r.verdict, r.message});
  g.regressions.insert(g.regressions.end(), backward.begin(), backward.end());

  g.export_time = timing_changes(case_seconds(baseline, "export"), case_seconds(candidate, "export"),
                                 options.export_time_ratio, options.export_time_min_seconds);

  // Side by side: one row per id of either run, in case and pipeline order.
  std::map<RowKey, SideBySideRow> rows;
  auto row = [&](const StageResult& r, bool fwd) -> SideBySideRow& {
    auto [it, fresh] = rows.try_emplace(row_key(r, fwd));
    if (fresh) {
      it->second.case_name = r.case_name;
      it->second.stage = r.stage;
      it->second.variant = r.variant;
      it->second.forward = fwd;
    }
    return it->second;
  };
  for (const auto& r : baseline.results) row(r, false).baseline = r.verdict;
  for (const auto& r : candidate.results) {
    auto& x = row(r, false);
    x.candidate = r.verdict;
    if (auto f = failing.find(r.id()); f != failing.end()) x.regression = f->second;
  }
  if (forward)
    for (const auto& r : forward->results) {
      auto& x = row(r, true);
      x.baseline = r.verdict;
      if (is_unexpected(r.verdict)) x.regression = RegressionKind::ForwardCompat;
    }
  g.rows.reserve(rows.size());
  for (auto& [key, x] : rows) g.rows.push_back(std::move(x));
  return g;
}

std::string gate_text(const GateReport& g) {
  std::ostringstream o;
  int regressions = g.count(RegressionKind::Regression), fwd = g.count(RegressionKind::ForwardCompat),
      bwd = g.count(RegressionKind::BackwardCompat);
  size_t added = 0, removed = 0;
  for (const auto& e : g.new_entries) added += e.cases.size();
  for (const auto& e : g.removed_entries) removed += e.cases.size();
  o << "gate: torch " << g.candidate.torch << " (" << g.candidate.id << ") against torch " << g.baseline.torch << " ("
    << g.baseline.id << ")";
  if (g.forward) o << "; forward compat: torch " << g.forward->torch << " (" << g.forward->id << ")";
  o << "\n  " << regressions << " regression(s), " << fwd << " forward-compat failure(s), " << bwd
    << " backward-compat failure(s), " << g.fixes.size() << " fix(es), " << g.drift.size() << " golden drift, "
    << added << " new / " << removed << " removed suite entries, " << g.export_time.size()
    << " export-time change(s)\n";

  auto list = [&](RegressionKind kind, const std::string& title) {
    int n = g.count(kind);
    if (!n) return;
    o << "\n" << title << " (" << n << "):\n";
    for (const auto& r : g.regressions) {
      if (r.kind != kind) continue;
      o << "  " << (r.before ? std::string(to_string(*r.before)) + " -> " : "") << to_string(r.after) << "  " << r.id
        << "\n";
      if (!r.message.empty()) o << "      " << first_line(r.message) << "\n";
    }
  };
  list(RegressionKind::Regression, "REGRESSIONS: expected under torch " + g.baseline.torch + ", unexpected under " +
                                       g.candidate.torch);
  list(RegressionKind::ForwardCompat,
       "FORWARD COMPAT: torch " + (g.forward ? g.forward->torch : g.baseline.torch) + " on newer archives");
  list(RegressionKind::BackwardCompat, "BACKWARD COMPAT: torch " + g.candidate.torch + " on older archives");
  if (!g.fixes.empty()) {
    o << "\nfixes under torch " << g.candidate.torch << " (" << g.fixes.size() << ", not gating):\n";
    for (const auto& f : g.fixes) o << "  " << to_string(f.before) << " -> " << to_string(f.after) << "  " << f.id << "\n";
  }
  if (!g.drift.empty()) {
    o << "\ngolden IR drift (" << g.drift.size() << " program(s)):\n";
    for (const auto& d : g.drift)
      o << "  " << to_string(d.before) << " -> " << to_string(d.after) << "  " << d.case_name << " [" << d.variant
        << "]\n";
  }
  auto entries = [&](const char* title, const std::vector<SuiteEntries>& v) {
    for (const auto& e : v) {
      o << "\n" << title << " " << e.suite << " (" << e.cases.size() << "):";
      for (const auto& n : e.cases) o << " " << n;
      o << "\n";
    }
  };
  entries("new entries of", g.new_entries);
  entries("removed entries of", g.removed_entries);
  if (!g.export_time.empty()) {
    o << "\nexport-time changes (" << g.export_time.size() << "):\n";
    for (const auto& t : g.export_time)
      o << "  " << t.case_name << ": " << format_seconds(t.before) << " -> " << format_seconds(t.after) << "\n";
  }
  if (g.still_unexpected) o << "\n" << g.still_unexpected << " result(s) unexpected under both releases\n";
  o << "\ngate: " << (g.passes() ? "PASS" : "FAIL") << " (" << g.regressions.size() << " regression(s)"
    << (g.regressions.empty() ? "" : ", forward and backward compat included") << ")\n";
  return o.str();
}

nlohmann::json to_json(const GateReport& g) {
  auto run = [](const GateRun& r) { return nlohmann::json{{"id", r.id}, {"torch", r.torch}}; };
  nlohmann::json regressions = nlohmann::json::array();
  for (const auto& r : g.regressions)
    regressions.push_back({{"kind", to_string(r.kind)},
                           {"id", r.id},
                           {"case", r.case_name},
                           {"before", optional_verdict(r.before)},
                           {"after", to_string(r.after)},
                           {"message", r.message}});
  nlohmann::json drift = nlohmann::json::array();
  for (const auto& d : g.drift)
    drift.push_back({{"case", d.case_name},
                     {"variant", d.variant},
                     {"before", to_string(d.before)},
                     {"after", to_string(d.after)},
                     {"message", d.message},
                     {"diff", d.diff}});
  auto entries = [](const std::vector<SuiteEntries>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& e : v) a.push_back({{"suite", e.suite}, {"cases", e.cases}});
    return a;
  };
  nlohmann::json times = nlohmann::json::array();
  for (const auto& t : g.export_time) times.push_back({{"case", t.case_name}, {"before", t.before}, {"after", t.after}});
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : g.rows)
    rows.push_back({{"case", r.case_name},
                    {"stage", r.stage},
                    {"variant", r.variant},
                    {"baseline", optional_verdict(r.baseline)},
                    {"candidate", optional_verdict(r.candidate)},
                    {"forward", r.forward},
                    {"differs", r.differs()},
                    {"regression", r.regression ? nlohmann::json(std::string(to_string(*r.regression))) : nlohmann::json(nullptr)}});
  size_t added = 0, removed = 0;
  for (const auto& e : g.new_entries) added += e.cases.size();
  for (const auto& e : g.removed_entries) removed += e.cases.size();
  nlohmann::json fixes = nlohmann::json::array();
  for (const auto& f : g.fixes)
    fixes.push_back({{"id", f.id},
                     {"case", f.case_name},
                     {"before", to_string(f.before)},
                     {"after", to_string(f.after)},
                     {"message", f.message}});
  return {{"schema", "exportcheck-gate"},
          {"version", "1.0"},
          {"baseline", run(g.baseline)},
          {"candidate", run(g.candidate)},
          {"forward", g.forward ? run(*g.forward) : nlohmann::json(nullptr)},
          {"passes", g.passes()},
          {"counts",
           {{"regressions", g.count(RegressionKind::Regression)},
            {"forward_compat", g.count(RegressionKind::ForwardCompat)},
            {"backward_compat", g.count(RegressionKind::BackwardCompat)},
            {"fixes", g.fixes.size()},
            {"drift", g.drift.size()},
            {"new_entries", added},
            {"removed_entries", removed},
            {"export_time", g.export_time.size()},
            {"still_unexpected", g.still_unexpected}}},
          {"regressions", regressions},
          {"fixes", fixes},
          {"drift", drift},
          {"new_entries", entries(g.new_entries)},
          {"removed_entries", entries(g.removed_entries)},
          {"export_time", times},
          {"rows", rows}};
}

std::string gate_junit_xml(const GateReport& g) {
  // Messages of the failing records, by the row they belong to.
  std::map<std::pair<bool, std::string>, const GateRegression*> failures;
  for (const auto& r : g.regressions) failures.emplace(std::pair{r.kind == RegressionKind::ForwardCompat, r.id}, &r);
  std::map<std::string, std::vector<const SideBySideRow*>> by_case;
  for (const auto& r : g.rows) by_case[r.case_name].push_back(&r);
  auto failing = [](const std::vector<const SideBySideRow*>& rows) {
    int n = 0;
    for (auto* r : rows) n += r->regression.has_value();
    return n;
  };

  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o << "<testsuites name=\"exportcheck gate " << xml_escape(g.baseline.torch) << " -> " << xml_escape(g.candidate.torch)
    << "\" tests=\"" << g.rows.size() << "\" failures=\"" << g.regressions.size() << "\">\n";
  for (const auto& [name, rows] : by_case) {
    o << "  <testsuite name=\"" << xml_escape(name) << "\" tests=\"" << rows.size() << "\" failures=\"" << failing(rows)
      << "\">\n";
    for (auto* r : rows) {
      std::string id = r->case_name + "::" + r->stage + (r->variant.empty() ? "" : "[" + r->variant + "]");
      std::string test = (r->forward ? "forward " : "") + r->stage + (r->variant.empty() ? "" : "[" + r->variant + "]");
      std::string sides = r->forward ? "torch " + (g.forward ? g.forward->torch : g.baseline.torch) + ": " +
                                           verdict_or_dash(r->baseline)
                                     : "baseline " + verdict_or_dash(r->baseline) + ", candidate " +
                                           verdict_or_dash(r->candidate);
      o << "    <testcase classname=\"exportcheck.gate." << xml_escape(name) << "\" name=\"" << xml_escape(test) << "\"";
      if (r->regression) {
        auto it = failures.find({r->forward, id});
        std::string message = it != failures.end() ? it->second->message : "";
        o << ">\n      <failure type=\"" << to_string(*r->regression) << "\" message=\"" << xml_escape(sides) << ": "
          << xml_escape(first_line(message)) << "\">" << xml_cdata(sides + "\n" + message) << "</failure>\n    </testcase>\n";
      } else if (r->differs()) {
        o << ">\n      <system-out>" << xml_cdata(sides) << "</system-out>\n    </testcase>\n";
      } else {
        o << "/>\n";
      }
    }
    o << "  </testsuite>\n";
  }
  o << "</testsuites>\n";
  return o.str();
}

}  // namespace exportcheck::report

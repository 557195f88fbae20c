#include "harness/run/run_folder.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include "harness/catalog/known_gaps.h"
#include "harness/report/dashboard.h"
#include "harness/report/junit_xml.h"
#include "harness/report/suite_csv.h"

namespace exportcheck::run {

namespace fs = std::filesystem;

report::StageResult interrupted_result(const std::string& case_name) {
  report::StageResult r;
  r.case_name = case_name;
  r.stage = "case";
  r.verdict = report::Verdict::Skip;
  r.message = "not run: interrupted";
  r.reason = "interrupted";
  return r;
}

StreamedResults read_results_stream(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  StreamedResults out;
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    try {
      if (j.is_discarded()) throw std::runtime_error("not JSON");
      out.results.push_back(report::stage_result_from_json(j));
    } catch (const std::runtime_error&) {
      ++out.unreadable_lines;
    }
  }
  return out;
}

std::vector<std::string> failed_cases(const fs::path& run) {
  std::vector<report::StageResult> results;
  const bool folder = fs::is_directory(run);
  const fs::path summary = folder ? run / "summary.json" : run;
  const fs::path stream = folder ? run / "results.jsonl" : run;
  if (fs::is_regular_file(summary) && summary.extension() != ".jsonl") {
    results = report::read_summary(summary).results;
  } else if (fs::is_regular_file(stream)) {
    results = read_results_stream(stream).results;
  } else {
    throw std::runtime_error(run.string() + ": no summary.json or results.jsonl (not a run folder?)");
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& r : results)
    if (report::is_unexpected(r.verdict) && seen.insert(r.case_name).second) out.push_back(r.case_name);
  return out;
}

std::map<std::string, double> recorded_case_seconds(const fs::path& run) {
  std::vector<report::StageResult> results;
  try {
    std::error_code ec;
    if (fs::is_regular_file(run / "summary.json", ec))
      results = report::read_summary(run / "summary.json").results;
    else if (fs::is_regular_file(run / "results.jsonl", ec))
      results = read_results_stream(run / "results.jsonl").results;
  } catch (const std::exception&) {
    return {};
  }
  std::map<std::string, double> seconds;
  std::set<std::string> interrupted;
  for (const auto& r : results) {
    if (r.reason == "interrupted") interrupted.insert(r.case_name);
    seconds[r.case_name] += r.seconds;
  }
  for (const auto& name : interrupted) seconds.erase(name);
  return seconds;
}

void write_run_header(const fs::path& dir, const report::Summary& header) {
  report::Summary s = header;
  s.results.clear();
  report::write_summary(dir / "run.json", s);
}

Rebuilt rebuild_summary(const fs::path& dir) {
  if (!fs::is_regular_file(dir / "results.jsonl"))
    throw std::runtime_error((dir / "results.jsonl").string() + ": no such file (not a run folder?)");
  Rebuilt out;
  for (const char* header : {"summary.json", "run.json"}) {
    if (!fs::is_regular_file(dir / header)) continue;
    out.summary = report::read_summary(dir / header);
    break;
  }
  if (out.summary.run.id.empty()) out.summary.run.id = fs::absolute(dir).lexically_normal().filename().string();
  StreamedResults streamed = read_results_stream(dir / "results.jsonl");
  out.unreadable_lines = streamed.unreadable_lines;
  out.summary.results = std::move(streamed.results);
  std::set<std::string> finished;
  for (const auto& r : out.summary.results) {
    finished.insert(r.case_name);
    out.summary.cases.try_emplace(r.case_name);  // without a header: at least the cases that ran
  }
  for (const auto& [name, info] : out.summary.cases) {
    if (finished.count(name)) continue;
    out.summary.results.push_back(interrupted_result(name));
    ++out.interrupted;
  }
  sort_by_case(out.summary.results);
  return out;
}

void sort_by_case(std::vector<report::StageResult>& results) {
  std::stable_sort(results.begin(), results.end(),
                   [](const auto& a, const auto& b) { return a.case_name < b.case_name; });
}

std::vector<std::string> known_gap_reasons(const fs::path& root) {
  std::vector<std::string> reasons;
  try {
    for (const auto& e : catalog::load_known_gaps(root).expect)
      if (std::find(reasons.begin(), reasons.end(), e.reason) == reasons.end()) reasons.push_back(e.reason);
  } catch (const std::exception&) {
    // A broken file stops a run before it starts; read back later, its
    // gaps are listed as expectations rather than failing the reports.
  }
  return reasons;
}

void write_reports(const fs::path& dir, const report::Summary& summary) {
  const report::Summary* s = &summary;
  report::Summary with_gaps;
  if (summary.known_gaps.empty() && !summary.run.root.empty()) {
    with_gaps = summary;
    with_gaps.known_gaps = known_gap_reasons(summary.run.root);
    s = &with_gaps;
  }
  report::write_summary(dir / "summary.json", *s);
  report::write_junit(dir / "junit.xml", *s);
  report::write_dashboard(dir / "index.html", *s);
  report::write_suite_csvs(dir, s->results);  // only where the run has <suite>/<model>/<lane> cases
}

}  // namespace exportcheck::run

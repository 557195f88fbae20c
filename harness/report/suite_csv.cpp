#include "harness/report/suite_csv.h"

#include <cstdio>
#include <map>
#include <set>

#include "harness/catalog/stage_id.h"
#include "harness/report/atomic_file.h"
#include "harness/report/pass_rate.h"
#include "harness/report/suite_table.h"

namespace exportcheck::report {

namespace {

// FAIL, TIMEOUT, CRASH, ERROR: unexpected, XPASS aside.
bool failed(Verdict v) {
  return v == Verdict::Fail || v == Verdict::Timeout || v == Verdict::Crash || v == Verdict::Error;
}

bool is_kind(const std::string& stage, catalog::StageId::Kind kind) {
  const auto id = catalog::StageId::parse(stage);
  return id && id->kind == kind;
}

// The case verdict of every suite case and the tables, computed once for both files.
struct SuiteRows {
  std::vector<SuiteTable> tables;
  std::map<std::string, ModelStatus> status;  // by case name
};

SuiteRows suite_rows(const std::vector<StageResult>& results) {
  SuiteRows out;
  out.tables = suite_tables(results);
  if (out.tables.empty()) return out;
  std::map<std::string, ModelStatusAccumulator> acc;
  std::string last;
  ModelStatusAccumulator* current = nullptr;
  for (const auto& r : results) {
    if (!current || r.case_name != last) {  // a case's records are usually consecutive: look each up once
      last = r.case_name;
      current = split_suite_case(r.case_name) ? &acc[r.case_name] : nullptr;
      if (!current) continue;
    }
    current->add(r);
  }
  for (const auto& [name, a] : acc) out.status.emplace(name, a.status());
  return out;
}

std::string rate_text(const PassRate& p) {
  const auto r = p.rate();
  if (!r) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", *r);
  return buf;
}

std::string rate_line(const std::string& suite, const char* kind, const std::string& name, const PassRate& p) {
  return csv_field(suite) + "," + kind + "," + csv_field(name) + "," + std::to_string(p.passed) + "," +
         std::to_string(p.ran) + "," + std::to_string(p.xfail) + "," + std::to_string(p.not_run) + "," + rate_text(p) +
         "\n";
}

std::string csv_of(const SuiteRows& rows) {
  if (rows.tables.empty()) return "";
  std::set<std::string> seen;
  std::vector<std::string> stages;
  for (const auto& t : rows.tables)
    for (const auto& s : t.stages)
      if (seen.insert(s).second) stages.push_back(s);
  sort_stages(stages);
  std::string out = "suite,name,lane,status";
  for (const auto& s : stages) out += "," + csv_field(s);
  out += "\n";
  for (const auto& t : rows.tables)
    for (const auto& [op, lanes] : t.ops)
      for (const auto& [lane, cells] : lanes) {
        const auto st = rows.status.find(t.suite + "/" + op + "/" + lane);
        out += csv_field(t.suite) + "," + csv_field(op) + "," + csv_field(lane) + "," +
               std::string(st == rows.status.end() ? "" : to_string(st->second));
        for (const auto& s : stages) {
          out += ",";
          if (auto c = cells.find(s); c != cells.end()) out += to_string(c->second);
        }
        out += "\n";
      }
  return out;
}

// A row's status as a PassRate entry: pass passed, xfail ran apart, unsupported/skip did not run.
void add_status(PassRate& p, ModelStatus s) {
  switch (s) {
    case ModelStatus::Pass: p.add(Verdict::Pass); break;
    case ModelStatus::XFail: p.add(Verdict::XFail); break;
    case ModelStatus::Unsupported: p.add(Verdict::Unsupported); break;
    case ModelStatus::Skip: p.add(Verdict::Skip); break;
    default: p.add(Verdict::Fail); break;
  }
}

std::string pass_rates_of(const SuiteRows& rows) {
  if (rows.tables.empty()) return "";
  std::string out = "suite,kind,name,passed,ran,xfail,not_run,rate\n";
  for (const auto& t : rows.tables) {
    PassRate all;
    std::map<std::string, PassRate> by_lane;
    for (const auto& [op, lanes] : t.ops)
      for (const auto& [lane, cells] : lanes) {
        const auto st = rows.status.find(t.suite + "/" + op + "/" + lane);
        if (st == rows.status.end()) continue;
        add_status(all, st->second);
        add_status(by_lane[lane], st->second);
      }
    out += rate_line(t.suite, "models", "all", all);
    for (const auto& lane : t.lanes) out += rate_line(t.suite, "models", lane, by_lane[lane]);
    for (const auto& s : t.stages)
      if (auto p = t.by_stage.find(s); p != t.by_stage.end()) out += rate_line(t.suite, "stage", s, p->second);
    for (const auto& [runtime, p] : t.by_runtime) out += rate_line(t.suite, "runtime", runtime, p);
  }
  return out;
}

}  // namespace

std::string_view to_string(ModelStatus s) {
  switch (s) {
    case ModelStatus::EagerFailToRun: return "eager_fail_to_run";
    case ModelStatus::FailToExport: return "fail_to_export";
    case ModelStatus::FailToRun: return "fail_to_run";
    case ModelStatus::FailAccuracy: return "fail_accuracy";
    case ModelStatus::XPass: return "xpass";
    case ModelStatus::Unsupported: return "unsupported";
    case ModelStatus::Skip: return "skip";
    case ModelStatus::XFail: return "xfail";
    case ModelStatus::Pass: return "pass";
  }
  return "?";
}

bool eager_failed(const StageResult& r) {
  // harness/run/case_runner.cpp writes "eager reference failed on D: ..." when the
  // export worker's eager run raised; a replay of a sample without eager outputs
  // replies status "no_eager_output" (worker/requests.h kNoEagerOutput).
  if (r.message.find("eager reference failed on ") != std::string::npos) return true;
  return r.details.is_object() && r.details.value("status", "") == "no_eager_output";
}

bool replay_did_not_run(const StageResult& r) {
  // exporter/replay.py and replay/cpp_replay.cpp: "load: Type: ..." when the
  // program does not load, "<sample>: run: Type: ..." when it raises.
  return r.message.rfind("load: ", 0) == 0 || r.message.find(": run: ") != std::string::npos;
}

void ModelStatusAccumulator::add(const StageResult& r) {
  const Verdict v = r.verdict;
  if (v != Verdict::Unsupported && v != Verdict::Skip) ran_ = true;
  unsupported_ = unsupported_ || v == Verdict::Unsupported;
  xfail_ = xfail_ || v == Verdict::XFail;
  xpass_ = xpass_ || v == Verdict::XPass;
  if (!failed(v)) return;
  if (eager_failed(r)) {
    eager_ = true;
  } else if (is_kind(r.stage, catalog::StageId::Kind::Export)) {
    export_ = true;
  } else if (v == Verdict::Fail &&
             (is_kind(r.stage, catalog::StageId::Kind::Replay) || is_kind(r.stage, catalog::StageId::Kind::Sequence)) &&
             !replay_did_not_run(r)) {
    accuracy_ = true;
  } else {
    run_ = true;
  }
}

ModelStatus ModelStatusAccumulator::status() const {
  if (eager_) return ModelStatus::EagerFailToRun;
  if (export_) return ModelStatus::FailToExport;
  if (run_) return ModelStatus::FailToRun;
  if (accuracy_) return ModelStatus::FailAccuracy;
  if (xpass_) return ModelStatus::XPass;
  if (!ran_) return unsupported_ ? ModelStatus::Unsupported : ModelStatus::Skip;
  if (xfail_) return ModelStatus::XFail;
  return ModelStatus::Pass;
}

ModelStatus model_status(const std::vector<StageResult>& records) {
  ModelStatusAccumulator a;
  for (const auto& r : records) a.add(r);
  return a.status();
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string suites_csv(const std::vector<StageResult>& results) { return csv_of(suite_rows(results)); }

std::string suites_pass_rates_csv(const std::vector<StageResult>& results) {
  return pass_rates_of(suite_rows(results));
}

bool write_suite_csvs(const std::filesystem::path& dir, const std::vector<StageResult>& results) {
  const SuiteRows rows = suite_rows(results);
  if (rows.tables.empty()) {
    std::error_code ec;  // a stale file of an earlier write into the same folder (report --merge --out DIR)
    std::filesystem::remove(dir / "suites.csv", ec);
    std::filesystem::remove(dir / "suites-pass-rates.csv", ec);
    return false;
  }
  write_file_atomically(dir / "suites.csv", csv_of(rows));
  write_file_atomically(dir / "suites-pass-rates.csv", pass_rates_of(rows));
  return true;
}

}  // namespace exportcheck::report

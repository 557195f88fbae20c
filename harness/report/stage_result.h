#pragma once
// One record of a run: a case × stage × variant with its verdict.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/verdict.h"

namespace exportcheck::report {

struct StageResult {
  std::string case_name;
  std::string stage;    // "export", "golden", "replay:module:cpu", "catalog"
  std::string variant;  // "nonstrict/training", or "" for case-level stages
  Verdict verdict = Verdict::Pass;
  std::string message;  // for people: what failed, or why it was expected or not run
  double seconds = 0;
  nlohmann::json details = nlohmann::json::object();  // e.g. golden diff
  // Why the stage did not pass or did not run: the expectation's or known
  // gap's reason (XFAIL, UNSUPPORTED), what kept it from running (SKIP:
  // "export FAIL"). Summary groups read this, never the message.
  std::string reason;
  // A PASS against an expected failure with `xpass: finding`: listed, never a failure.
  bool finding = false;

  // "case::stage[variant]": unique within a run.
  std::string id() const;
};

// The reason an XFAIL or UNSUPPORTED result carries, "" for other verdicts.
// Records of runs before summary 1.3 have no `reason` field: their message
// ("<reason> — <failure>") is read instead.
std::string expected_reason(const StageResult& r);
// Records before 1.3 marked a finding with a message prefix.
bool is_finding(const StageResult& r);

nlohmann::json to_json(const StageResult& r);
// Throws std::runtime_error naming the missing/bad field.
StageResult stage_result_from_json(const nlohmann::json& j);

}  // namespace exportcheck::report

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
  std::string message;  // why (failures, expectations' reasons, skips)
  double seconds = 0;
  nlohmann::json details = nlohmann::json::object();  // e.g. golden diff

  // "case::stage[variant]": unique within a run.
  std::string id() const;
};

nlohmann::json to_json(const StageResult& r);
// Throws std::runtime_error naming the missing/bad field.
StageResult stage_result_from_json(const nlohmann::json& j);

}  // namespace exportcheck::report

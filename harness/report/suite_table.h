#pragma once
// The per-operator view of an external suite whose cases are named
// `<suite>/<op>/<lane>` (`opinfo/add/float32-dynamic`, `opinfo/nn.functional.conv2d/int64`):
// one verdict per op × lane × stage, and pass rates per stage and per
// runtime. Generic: every suite whose case names have exactly two '/' gets
// one; other cases (cases/, `exportdb-upstream/<example>`) are left out.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/pass_rate.h"
#include "harness/report/stage_result.h"

namespace exportcheck::report {

struct SuiteCaseName {
  std::string suite, op, lane;
};
// "opinfo/add/float32" -> {opinfo, add, float32}; nullopt unless the name has
// exactly two '/' between three non-empty parts (an op key may hold dots).
std::optional<SuiteCaseName> split_suite_case(std::string_view name);

struct SuiteTable {
  std::string suite;
  int cases = 0;
  std::vector<std::string> lanes;   // distinct, sorted
  std::vector<std::string> stages;  // every stage of the suite's records, in pipeline order
  // op -> lane -> stage -> the most noteworthy verdict among the stage's
  // variants (verdict.h: noteworthiness), as the dashboard's matrix cell.
  std::map<std::string, std::map<std::string, std::map<std::string, Verdict>>> ops;
  std::map<std::string, PassRate> by_stage;    // every record of the stage
  std::map<std::string, PassRate> by_runtime;  // records of replay:, guards:, sequence:<runtime>:*
};

// One table per suite, by suite name.
std::vector<SuiteTable> suite_tables(const std::vector<StageResult>& results);

// Pipeline order of stage ids (catalog::StageId order: export, archive,
// roundtrip:*, golden, replay:*, guards:*, sequence:*; by text within a kind), ids that
// do not parse last, by text.
void sort_stages(std::vector<std::string>& stages);

// {"cases", "lanes", "stages", "ops": {op: {lane: {stage: verdict}}},
//  "pass_rates": {"stages": {stage: PassRate}, "runtimes": {runtime: PassRate}}}
nlohmann::json to_json(const SuiteTable& t);

}  // namespace exportcheck::report

#pragma once
// reports/<run>/summary.json: versioned, one record per case × stage ×
// variant. Layout documented in reports/README.md.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/stage_result.h"

namespace exportcheck::report {

inline constexpr int kSummaryMajor = 1;
inline constexpr int kSummaryMinor = 0;

struct RunInfo {
  std::string id;
  std::string started_at;  // ISO 8601 UTC
  double seconds = 0;
  std::string torch;       // from the workers' hello
  std::string python;
  std::string host;
  std::string command;
  int jobs = 1;
};

struct Summary {
  RunInfo run;
  std::vector<StageResult> results;
};

std::map<Verdict, int> count_verdicts(const std::vector<StageResult>& results);
nlohmann::json summary_to_json(const Summary& s);
// Throws std::runtime_error for another major version or a malformed file.
Summary summary_from_json(const nlohmann::json& j);
// Written to a temporary file and renamed, so a reader never sees half a file.
void write_summary(const std::filesystem::path& path, const Summary& s);
Summary read_summary(const std::filesystem::path& path);

}  // namespace exportcheck::report

#pragma once
// What the aoti runtime's compiles cost in a run: each program (case ×
// variant × device) that reached AOTInductor, its compile time and whether
// the package came from the compile cache (details.aoti of its aoti records,
// run/replay_stages.h AotiCompile). summary.json `aoti_compiles`, one console line.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/stage_result.h"

namespace exportcheck::report {

struct AotiCompileRecord {
  std::string case_name;
  std::string variant;
  std::string device;
  std::string cache;             // hit | miss | rebuilt
  double compile_seconds = 0;    // of the compile that made the package (a hit: the original's)
};

struct AotiCompiles {
  std::vector<AotiCompileRecord> programs;  // run order, one per case × variant × device
  int hits = 0, misses = 0, rebuilt = 0;
  double compiled_seconds = 0;  // spent compiling in this run (misses and rebuilds)
  double cached_seconds = 0;    // what the hits would have cost (their original compile times)
};

AotiCompiles aoti_compiles(const std::vector<StageResult>& results);

// "AOTInductor: 58 programs, 40 compiled in 612.3 s, 18 from the compile cache (31% hits, 210.4 s saved)";
// "" when no record has compile details.
std::string aoti_line(const AotiCompiles& a);

// {"programs": N, "hits", "misses", "rebuilt", "hit_rate", "compiled_seconds", "cached_seconds",
//  "slowest": [{"case", "variant", "device", "cache", "compile_seconds"}] (10, slowest first)}
nlohmann::json to_json(const AotiCompiles& a);

}  // namespace exportcheck::report

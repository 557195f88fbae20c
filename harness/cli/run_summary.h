#pragma once
// What `exportcheck report` and `exportcheck gate` read: a finished run,
// named by its folder or its summary.json, and their fraction options.
#include <filesystem>
#include <string>

#include "harness/report/summary_json.h"

namespace exportcheck::cli {

// RUN/summary.json for a folder, RUN itself for a file.
std::filesystem::path summary_path(const std::string& run);

// The run's summary; a run from before summary 1.5 gets its root's known gaps.
// An unreadable one is a UsageError "<who>: <why>" (who: "exportcheck gate: --baseline").
report::Summary read_run_summary(const std::string& who, const std::string& run);

// A non-negative number, else a UsageError "<who> needs a non-negative number, got 'TEXT'".
double parse_fraction(const std::string& who, const std::string& text);

}  // namespace exportcheck::cli

#pragma once
// Joins the summaries of shard runs (`exportcheck report --merge`) into one,
// as if the catalog had run once: results in case order, case info united.
// A record that two inputs both hold (a CPU shard and a GPU job running the
// same case) is kept from the input where it says the most: a stage that ran
// beats UNSUPPORTED/SKIP, and an unexpected verdict beats an expected one.
#include <vector>

#include "harness/report/summary_json.h"

namespace exportcheck::report {

// `id` names the merged run. Inputs may be in any order; the result does not
// depend on it except for ties between equally informative duplicates.
Summary merge_summaries(const std::vector<Summary>& shards, const std::string& id);

}  // namespace exportcheck::report

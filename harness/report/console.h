#pragma once
// What a person sees: one progress line per finished case while running,
// then lit-style counts with percentages and only the unexpected results.
#include <ostream>
#include <vector>

#include "harness/report/summary_json.h"

namespace exportcheck::report {

// "[ 3/10] FAIL  conv_bn  (7 stages, 2 unexpected, 3.1 s)"
void print_progress(std::ostream& out, int done, int total, const std::string& case_name,
                    const std::vector<StageResult>& results, double seconds);
void print_summary(std::ostream& out, const Summary& s);

}  // namespace exportcheck::report

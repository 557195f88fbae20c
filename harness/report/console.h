#pragma once
// What a person sees: one progress line per finished case while running
// (on a terminal only the unexpected ones, under progress_line.h's live line),
// then lit-style counts with percentages, only the unexpected results, what
// did not run here by cause, and the closing lines.
#include <ostream>
#include <string>
#include <vector>

#include "harness/report/case_verdict.h"
#include "harness/report/summary_json.h"

namespace exportcheck::report {

// "[ 3/10] PASS        nn_conv1d  (20 run; 16 not run: no CUDA; 1 expected failure; 3.1 s)":
// the case verdict (case_verdict.h) and what is said beside it.
void print_progress(std::ostream& out, int done, int total, const std::string& case_name,
                    const std::vector<StageResult>& results, double seconds);
void print_summary(std::ostream& out, const Summary& s);

// "exportcheck: 92 passed, 0 failed, 88 skipped\n" (the three add up to the
// number of records), then, when there are any, what the passed include:
// "exportcheck: of those passed, 8 expected failures (XFAIL), 1 finding\n".
std::string closing_lines(const Tally& t);

}  // namespace exportcheck::report

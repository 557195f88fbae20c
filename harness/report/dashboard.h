#pragma once
// reports/<run>/index.html: one self-contained page (no network; opens from
// disk) for release managers and contributors. The summary is embedded as
// JSON in a <script type="application/json"> and rendered by a little
// vanilla JS: header with the closing line's totals, case × stage matrix
// (the case verdict of case_verdict.h beside each case) filterable by tag,
// verdict and text (also from the URL hash, e.g. #verdict=FAIL&tag=seed),
// drill-down per case, expected failures by reason, what did not run by
// cause, the upstream gaps (upstream_gap.h) with their repro commands, and
// the comparison with a baseline if any. Columns where nothing ran in the
// whole run (no CUDA) collapse into one labelled strip above the matrix.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/report/comparison.h"
#include "harness/report/summary_json.h"

namespace exportcheck::report {

// `comparison` may be null (the run was not compared with a baseline).
std::string dashboard_html(const Summary& s, const Comparison* comparison = nullptr);
void write_dashboard(const std::filesystem::path& path, const Summary& s, const Comparison* comparison = nullptr);

// The columns where nothing ran in the whole run (not_run_cause.h:
// stages_not_run), grouped by their main cause, for the strip that replaces
// them in the matrix: [{cause, stages: [{stage, count, causes: [{cause, count}]}]}].
nlohmann::json not_run_columns(const std::vector<StageResult>& results);

// The records as the page embeds them: {"strings": [every distinct text once],
// "rows": [[case, stage, variant, verdict, message, seconds, extra?]]}, texts
// as indexes into strings, `extra` only when needed: {"reason": index,
// "finding": true, "details": {...}}. A run of 2000 cases repeats its case,
// stage and reason texts ~20 times each: 9 MB of summary records become
// ~2 MB that the browser parses in a third of the time (first paint < 1 s).
nlohmann::json compact_records(const std::vector<StageResult>& results);

// JSON text safe inside a <script> element: every '<' (which JSON allows only
// inside strings) becomes \u003c, so "</script>" or "<!--" in a message
// cannot end or confuse the element. Invalid UTF-8 is replaced, not fatal.
std::string script_safe_json(const nlohmann::json& j);

}  // namespace exportcheck::report

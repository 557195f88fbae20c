#pragma once
// reports/<run>/index.html: one self-contained page (no network; opens from
// disk) for release managers and contributors. The summary is embedded as
// JSON in a <script type="application/json"> and rendered by a little
// vanilla JS: header with the closing line's totals, case × stage matrix
// (the case verdict of case_verdict.h beside each case) filterable by tag,
// verdict and text (also from the URL hash, e.g. #verdict=FAIL&tag=seed),
// drill-down per case, expected failures by reason, what did not run by
// cause, and the comparison with a baseline if any.
#include <filesystem>
#include <string>

#include "harness/report/comparison.h"
#include "harness/report/summary_json.h"

namespace exportcheck::report {

// `comparison` may be null (the run was not compared with a baseline).
std::string dashboard_html(const Summary& s, const Comparison* comparison = nullptr);
void write_dashboard(const std::filesystem::path& path, const Summary& s, const Comparison* comparison = nullptr);

// JSON text safe inside a <script> element: every '<' (which JSON allows only
// inside strings) becomes \u003c, so "</script>" or "<!--" in a message
// cannot end or confuse the element. Invalid UTF-8 is replaced, not fatal.
std::string script_safe_json(const nlohmann::json& j);

}  // namespace exportcheck::report

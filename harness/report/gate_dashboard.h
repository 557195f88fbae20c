#pragma once
// The gate's index.html (`exportcheck gate --out DIR`): one self-contained
// page (no network, opens from disk) in the run dashboard's style and CSS.
// The lists are written as HTML, so they read without JavaScript: header with
// both torch versions, the verdict and every count; regressions, forward and
// backward compat failures, fixes, golden drift (each diff in a <pre>),
// new / removed suite entries, export-time changes. The side-by-side table
// (case, stage, variant | baseline | candidate) can hold every record of a
// 44,000-record run, so it is embedded as compact JSON and built by a little
// script: a text filter, an "only differences" toggle (both in the URL hash,
// e.g. #diff=1&q=golden), 500 rows at a time.
#include <filesystem>
#include <string>

#include "harness/report/gate.h"

namespace exportcheck::report {

std::string gate_html(const GateReport& g);
void write_gate_dashboard(const std::filesystem::path& path, const GateReport& g);

}  // namespace exportcheck::report

#pragma once
// JUnit XML for CI systems: one <testsuite> per case, one <testcase> per
// stage and variant. FAIL/XPASS are <failure>, TIMEOUT/CRASH/ERROR
// <error>, UNSUPPORTED/SKIP <skipped> with the reason. Each testsuite's
// <properties> carry the case verdict (case_verdict.h): "verdict" (PASS,
// FAIL, UNSUPPORTED, ...) and "detail" ("20 run; 16 not run: no CUDA").
#include <filesystem>
#include <string>
#include <string_view>

#include "harness/report/summary_json.h"

namespace exportcheck::report {

std::string junit_xml(const Summary& s);
// Text safe in an XML (or HTML) attribute value or element: & < > " escaped,
// newlines as &#10;, control characters XML 1.0 forbids as '?'.
std::string xml_escape(std::string_view s);
// A CDATA section holding `s` (any "]]>" split across two sections).
std::string xml_cdata(std::string_view s);
void write_junit(const std::filesystem::path& path, const Summary& s);

}  // namespace exportcheck::report

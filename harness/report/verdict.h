#pragma once
// Verdicts in lit's vocabulary (plus FIXED for an updated golden and DRIFT
// for a golden made by another torch release).
#include <optional>
#include <string_view>

namespace exportcheck::report {

enum class Verdict { Pass, Fail, XFail, XPass, Unsupported, Skip, Timeout, Crash, Error, Fixed, Drift };

inline constexpr Verdict kAllVerdicts[] = {Verdict::Pass,  Verdict::Fail,        Verdict::XFail, Verdict::XPass,
                                           Verdict::Unsupported, Verdict::Skip, Verdict::Timeout, Verdict::Crash,
                                           Verdict::Error, Verdict::Fixed,       Verdict::Drift};

std::string_view to_string(Verdict v);
std::optional<Verdict> verdict_from_string(std::string_view s);
// True for results that fail the run: FAIL, XPASS, TIMEOUT, CRASH, ERROR.
bool is_unexpected(Verdict v);
// Rank of a verdict where one cell stands for several records (a stage's
// variants): 0 is the most noteworthy. ERROR, CRASH, TIMEOUT, FAIL, XPASS,
// DRIFT, FIXED, XFAIL, SKIP, UNSUPPORTED, PASS: the dashboard's ORDER
// (dashboard_page.cpp) is the same list.
int noteworthiness(Verdict v);

}  // namespace exportcheck::report

#pragma once
// The fixed parts of index.html (style, page skeleton, script); the data is
// added by dashboard.cpp. Kept apart so the C++ stays readable.
namespace exportcheck::report {
extern const char* const kDashboardCss;
extern const char* const kDashboardBody;
extern const char* const kDashboardJs;
}  // namespace exportcheck::report

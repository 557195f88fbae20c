// Torch version ranges on expectations (`torch: ">=2.11,<2.13"`): a gap that
// only one torch release has is expected there and nowhere else, so a fixed
// release shows up as PASS rather than XPASS, and a new regression as FAIL.
#pragma once

#include <string>
#include <string_view>

namespace exportcheck::catalog {

// Why `spec` is not a version range ("" when it is). A range is one or more
// comma-separated clauses `<op><version>`, op one of >= <= > < ==, version
// dotted integers ("2.11", "2.13.0").
std::string version_spec_error(std::string_view spec);

// Does `version` (as torch prints it: "2.13.0+cpu", "2.11.0a0+git…") satisfy
// every clause of a valid `spec`? Components missing on either side count as
// 0, except that `==2.11` means any 2.11.x. An unparseable or empty version
// satisfies nothing.
bool version_in_spec(std::string_view version, std::string_view spec);

}  // namespace exportcheck::catalog

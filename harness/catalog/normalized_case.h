// A normalized case (exporter/PROTOCOL.md) that did not come from a YAML file:
// an external suite's case, built by the exporter at run time
// (`exportcheck run --suite NAME`, exporter/suite.py) → a catalog::Case.
#pragma once

#include <stdexcept>

#include "harness/catalog/case.h"

namespace exportcheck::catalog {

// The normalized case is malformed; what() names the case and the field.
class NormalizedCaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the C++ fields (name, file, description, tags, modes from
// export.strict, irs, devices, timeout_s, memory_mb (whole MiB or null),
// preload, requires, suite) and the
// expectations, given as `"expect": [EXPECTATION, ...]` with EXPECTATION
// `{"stage", "verdict", "reason", "match", "mode", "ir", "xpass"}` (match /
// mode / ir null or absent, xpass "fail" (default) or "finding"). The same
// rules as a case file: a known stage root, verdict and mode/ir the case
// has, a non-empty reason, match and xpass only with xfail. `normalized`
// keeps the whole object minus `expect`.
Case case_from_normalized(const nlohmann::json& j);

}  // namespace exportcheck::catalog

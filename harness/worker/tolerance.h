#pragma once
// The one tolerance table: torch.testing.assert_close's per-dtype defaults,
// with a case's `tolerance:` override applied. The harness resolves it here
// and sends the result in every replay request (`tolerances`, built by
// requests.h); exporter/compare.py uses what it is sent, and the cpp
// runtime's comparison (harness/replay/compare.h) reads the same table.
// Dtypes are named as torch prints them without "torch." ("float32").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace exportcheck::worker {

// The case's tolerance; a missing one keeps the dtype's default.
struct Tolerance {
  std::optional<double> atol, rtol;
  // {"atol": x|null, "rtol": y|null}; anything else (null, {}) is no override.
  static Tolerance from_json(const nlohmann::json& j);
  // {"atol": x|null, "rtol": y|null}: the wire form of the override.
  nlohmann::json to_json() const;
};

// One resolved tolerance.
struct ToleranceValues {
  double atol = 0;
  double rtol = 0;
  bool operator==(const ToleranceValues&) const = default;
};

// The key of `resolved_tolerances` for every dtype the table does not name.
inline constexpr std::string_view kDefaultDtype = "default";

// The dtypes with assert_close defaults of their own, in table order.
const std::vector<std::string>& tolerance_dtypes();
// assert_close's default for `dtype` ("float16" -> atol 1e-5, rtol 1e-3);
// every other dtype (integers, bool) {0, 0}.
ToleranceValues default_tolerance(std::string_view dtype);
// The default for `dtype` with the case's overrides applied.
ToleranceValues resolve_tolerance(std::string_view dtype, const Tolerance& tolerance);
// {"float16": {"atol": .., "rtol": ..}, ..., "default": {...}}: every table
// dtype plus "default", resolved (exporter/protocol.py `Tolerances`).
nlohmann::json resolved_tolerances(const Tolerance& tolerance);

}  // namespace exportcheck::worker

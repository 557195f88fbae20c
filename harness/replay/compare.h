#pragma once
// Output comparison for the cpp runtime, mirroring exporter/compare.py (and so
// torch.testing.assert_close): count, kind, shape, dtype, device, then values
// with assert_close's per-dtype tolerances (case overrides win; NaN == NaN).
// The first difference comes back as compare.py's one line, e.g.
//   output[1]: shape (4, 8) != expected (4, 9)
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/core/ivalue.h>
#include <c10/core/ScalarType.h>
#include <nlohmann/json.hpp>

#include "harness/worker/tolerance.h"

namespace exportcheck::replay {

// The case's tolerance; a missing one keeps assert_close's default for the dtype.
// Tolerance::from_json reads {"atol": x|null, "rtol": y|null} (or null).
using Tolerance = worker::Tolerance;

// assert_close's defaults: {atol, rtol}; integers and bool {0, 0}. From the
// one tolerance table (harness/worker/tolerance.h), which the harness also
// sends, resolved, to the Python runtimes.
std::pair<double, double> default_tolerances(c10::ScalarType dtype);
// {atol, rtol} for `dtype` with the overrides applied.
std::pair<double, double> tolerances(c10::ScalarType dtype, const Tolerance& tolerance);

// "(4, 8)", "(4,)", "()" as Python prints a shape.
std::string shape_string(c10::IntArrayRef sizes);
// "min -1.2 max 3.4 mean 0.1" (and " nan N"), or "empty".
std::string summarize(const at::Tensor& t);

// The first difference between flat `actual` and flat `expected` outputs, or
// nothing. `expected_devices[i]` is where eager had output i ("cuda:0");
// an empty or missing entry checks no device. `paths[i]` names leaf i in
// messages (output_paths); missing ones are "output[i]". values=false (the
// bundle's `unchecked_values`: a random op) stops at shape, dtype and device.
std::optional<std::string> compare_outputs(const std::vector<c10::IValue>& actual, const std::vector<c10::IValue>& expected,
                                           const std::vector<std::string>& expected_devices, const Tolerance& tolerance,
                                           const std::vector<std::string>& paths = {}, bool values = true);

// Each leaf's path in the output tree, from the bundle's `out_spec`
// (torch.utils._pytree.treespec_dumps), as exporter/compare.py's output_paths
// names them: "output[0]", "output[1]['x']", "output" for a single leaf.
// Tuples, lists and dicts are followed; other node types name children by
// index. Empty when `out_spec` is empty or unreadable, or has a different
// number of leaves than `leaves`.
std::vector<std::string> output_paths(const std::string& out_spec, std::size_t leaves);

// One value at `path` ("output[1]").
std::optional<std::string> compare_value(const std::string& path, const c10::IValue& actual, const c10::IValue& expected,
                                         const std::string& expected_device, const Tolerance& tolerance, bool values = true);

}  // namespace exportcheck::replay

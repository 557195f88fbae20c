// Internal to harness/catalog: `dynamic_shapes:` → PROTOCOL DYNAMIC_SHAPES JSON.
#pragma once

#include "harness/catalog/yaml_reader.h"

namespace exportcheck::catalog::detail {

// `inputs` is the parsed example input set ({"args": [...], "kwargs": {...}}):
// every SHAPE is checked against the input it describes. Returns null after
// errors (and when `v` is null: no dynamic shapes).
json parse_dynamic_shapes(Diagnostics& d, const Value& v, const json& inputs);

}  // namespace exportcheck::catalog::detail

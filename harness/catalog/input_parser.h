// Internal to harness/catalog: INPUT (example inputs) → PROTOCOL INPUT JSON,
// and the walks over parsed inputs that dynamic_shapes needs.
#pragma once

#include <string>
#include <string_view>

#include "harness/catalog/yaml_reader.h"

namespace exportcheck::catalog::detail {

// One INPUT, e.g. `{shape: [2, 3], dtype: float32}` →
// {"kind": "tensor", "shape": [2, 3], "dtype": "float32", "init": "randn", ...}.
// Returns null after reporting errors; a list / dict keeps its valid items
// and holds null for a broken one, so later checks skip only that input.
json parse_input(Diagnostics& d, const Value& v);

// `{args: [INPUT...], kwargs: {name: INPUT}}` → {"args": [...], "kwargs": {...}};
// both parts are optional and default to empty.
json parse_input_set(Diagnostics& d, const Value& v);

// Reports every place where `other` (parsed from `other_yaml`) differs in
// structure from `example`: kind, tensor rank and dtype, list length, dict
// keys, dataclass type and fields. Sizes and scalar values may differ.
void check_same_structure(Diagnostics& d, const json& example, const json& other,
                          const Value& other_yaml);
// The same for two input sets ({"args", "kwargs"}).
void check_same_input_set(Diagnostics& d, const json& example, const json& other,
                          const Value& other_yaml);

// Resolves a dotted input path such as "args.0.x" or "kwargs.constant" against
// an input set: ints index lists / tuples, names index dicts and dataclasses.
struct InputPath {
  enum class Status { kOk, kError, kBrokenInput } status = Status::kError;
  json path;                     // ["args", 0, "x"]
  const json* input = nullptr;   // the INPUT reached
  std::string message;           // for kError
};
InputPath resolve_input_path(const json& input_set, std::string_view dotted);

// "tensor", "list", ... of an INPUT ("a tensor" in messages).
std::string input_kind_phrase(const json& input);

}  // namespace exportcheck::catalog::detail

#pragma once
// The one place torch's export schema header is included. Every reader of
// model JSON goes through model_reader.h, and golden/, validate/ and
// program/ walk the parsed torch::_export structs (never copies of them).
// The structs are built on nlohmann with JSON_DIAGNOSTICS (json.h), so every
// file that sees them must see them with it: hence this one header.
#include "harness/schema/json.h"
#include <torch/csrc/utils/generated_serialization_types.h>

namespace exportcheck::schema {
namespace te = torch::_export;
}  // namespace exportcheck::schema

#pragma once
// nlohmann as every reader of the export schema sees it. JSON_DIAGNOSTICS
// makes nlohmann name the JSON path of a mismatch ("(/graph_module/graph/
// nodes/0/target) type must be string") and puts it in its own ABI namespace
// (json_abi_diag_...), so files that pass these values around must all see
// it: include this (or torch_schema.h) before anything else that includes
// nlohmann.
#define JSON_DIAGNOSTICS 1
// GCC 12 reports a false -Warray-bounds deep inside nlohmann (instantiated by
// the schema's F64 from_json, and by diagnostics' parent pointers); the
// location is in system headers, so only a file-wide pragma silences it.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
#include <nlohmann/json.hpp>

namespace exportcheck::schema {
using Json = nlohmann::json;
}  // namespace exportcheck::schema

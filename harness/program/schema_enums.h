#pragma once
// The export schema's enum numbers (ScalarType, Layout, MemoryFormat; see
// torch/_export/serde/schema.py) as c10 values. The numbers differ from
// c10's own: FLOAT is 7 in the schema and 6 in c10.
#include <cstdint>
#include <optional>

#include <c10/core/Layout.h>
#include <c10/core/MemoryFormat.h>
#include <c10/core/ScalarType.h>

namespace exportcheck::program {

std::optional<c10::ScalarType> scalar_type_from_schema(std::int64_t number);
std::optional<c10::Layout> layout_from_schema(std::int64_t number);
std::optional<c10::MemoryFormat> memory_format_from_schema(std::int64_t number);

}  // namespace exportcheck::program

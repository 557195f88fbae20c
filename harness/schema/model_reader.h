#pragma once
// Every reader of a PT2 archive's model JSON and payload configs parses here:
// JSON syntax, numbers beyond int64 (undefined behaviour in the schema's
// from_json), values of kinds this build's schema does not know, and the
// schema match, each failure a SchemaError naming the JSON path.
#include <string>
#include <string_view>
#include <utility>

#include "harness/schema/schema_error.h"
#include "harness/schema/torch_schema.h"

namespace exportcheck::schema {

// What to do with a union value (argument, input/output spec, ...) of a kind
// this build's schema does not know; torch's from_json leaves it empty, and
// reading it then throws std::bad_variant_access.
enum class UnknownKinds {
  Allow,   // leave it empty, as from_json does (readers that handle it)
  Mark,    // an argument of unknown kind becomes the operator "<unknown:KIND>" (golden IR shows it)
  Refuse,  // UnknownKindError at its path (writers: to_json of an empty union throws mid-construction)
};

te::ExportedProgram parse_model(std::string_view json_text, UnknownKinds unknown = UnknownKinds::Allow);
te::PayloadConfig parse_payload_config(std::string_view json_text);

// Only the schema_version field (works on programs the struct parse rejects).
std::pair<int, int> read_schema_version(std::string_view json_text);

}  // namespace exportcheck::schema

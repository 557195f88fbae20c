#include "harness/schema/model_reader.h"

#include <utility>
#include <variant>

#include "harness/schema/dtype.h"
#include "harness/schema/json_integers.h"
#include "harness/schema/unknown_kinds.h"

namespace exportcheck::schema {

// The dtype table's numbers are torch's own.
static_assert(find_dtype(static_cast<std::int64_t>(te::ScalarType::FLOAT))->short_name == "f32");
static_assert(find_dtype(static_cast<std::int64_t>(te::ScalarType::BFLOAT16))->short_name == "bf16");
static_assert(find_dtype(static_cast<std::int64_t>(te::ScalarType::UINT16))->short_name == "u16");
static_assert(find_dtype(static_cast<std::int64_t>(te::ScalarType::FLOAT8E5M2FNUZ))->short_name == "f8e5m2fnuz");
static_assert(find_dtype(static_cast<std::int64_t>(te::ScalarType::COMPLEXDOUBLE))->short_name == "c128");

namespace {

// "(/a/b) message" from a JSON_DIAGNOSTICS exception -> field "/a/b".
SchemaError diagnosed(const std::exception& e, const std::string& what) {
  const std::string text = e.what();
  std::string field;
  if (auto open = text.find("(/"); open != std::string::npos)
    if (auto close = text.find(')', open); close != std::string::npos) field = text.substr(open + 1, close - open - 1);
  return SchemaError(field, what + ": " + text);
}

Json parse_object(std::string_view text) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::exception& e) {
    throw SchemaError("", std::string("invalid JSON: ") + e.what());
  }
  if (!j.is_object()) throw SchemaError("", "not a JSON object");
  return j;
}

void check_integers(const Json& j, const char* what) {
  if (std::string at = out_of_range_integer(j); !at.empty())
    throw SchemaError(at, std::string("does not match the export schema's ") + what + ": the number at " + at +
                              " is out of the integer range");
}

template <typename T>
T get_as(const Json& j, const char* what) {
  try {
    return j.get<T>();
  } catch (const std::exception& e) {  // json errors, throwing enums and variants inside the schema code
    throw diagnosed(e, std::string("does not match the export schema's ") + what);
  }
}

}  // namespace

te::ExportedProgram parse_model(std::string_view json_text, UnknownKinds unknown) {
  Json j = parse_object(json_text);
  check_integers(j, "ExportedProgram");
  if (unknown == UnknownKinds::Mark) mark_unknown_arguments(j);
  auto program = get_as<te::ExportedProgram>(j, "ExportedProgram");
  if (unknown == UnknownKinds::Refuse)
    if (std::string at = unknown_value_at(std::move(j)); !at.empty())
      throw UnknownKindError(at, "the value at " + at + " is missing or of a kind this build's schema does not know");
  return program;
}

te::PayloadConfig parse_payload_config(std::string_view json_text) {
  const Json j = parse_object(json_text);
  check_integers(j, "PayloadConfig");
  return get_as<te::PayloadConfig>(j, "PayloadConfig");
}

std::pair<int, int> read_schema_version(std::string_view json_text) {
  const Json j = parse_object(json_text);
  const auto it = j.find("schema_version");
  if (it == j.end() || !it->is_object()) throw SchemaError("/schema_version", "missing schema_version");
  auto number = [&](const char* key) {
    const auto v = it->find(key);
    if (v == it->end() || !v->is_number_integer())
      throw SchemaError(std::string("/schema_version/") + key, std::string("schema_version.") + key + " is not an integer");
    return v->get<int>();
  };
  return {number("major"), number("minor")};
}

}  // namespace exportcheck::schema

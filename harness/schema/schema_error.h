#pragma once
#include <stdexcept>
#include <string>

namespace exportcheck::schema {

// A JSON text that is not JSON or does not match the schema; `field` is the
// JSON path of the problem (e.g. "/graph_module/graph/nodes/0/target"), if known.
class SchemaError : public std::runtime_error {
 public:
  SchemaError(std::string field, const std::string& message)
      : std::runtime_error(message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// A value of a kind this build's schema does not know (UnknownKinds::Refuse).
class UnknownKindError : public SchemaError {
 public:
  using SchemaError::SchemaError;
};

}  // namespace exportcheck::schema

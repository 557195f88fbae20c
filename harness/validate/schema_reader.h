#pragma once
// What the validator needs from torch's export schema, behind plain types.
// schema_reader.cpp is this component's only translation unit that includes
// torch's schema (through schema/torch_schema.h; slow to compile), and it
// builds against torch 2.11's older header (schema 8.17) as well as 2.13's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/schema/schema_error.h"
#include "harness/validate/finding.h"

namespace exportcheck::validate {

// The schema major versions this build reads (torch 2.5 .. 2.13 write 8.x).
inline constexpr int kReadableSchemaMajor = 8;

using SchemaError = schema::SchemaError;

struct TensorLayout {
  std::int64_t dtype = 0;  // the schema's ScalarType number
  std::vector<std::int64_t> sizes, strides;
  std::int64_t storage_offset = 0;
  bool symbolic = false;   // some size/stride/offset is an expression: no byte count
};

struct PayloadEntry {
  std::string key;        // the state_dict / constant FQN
  std::string path_name;  // the file under data/weights/ or data/constants/
  bool is_param = false;
  bool use_pickle = false;
  std::optional<TensorLayout> meta;
};

struct ProgramFacts {
  int schema_major = 0, schema_minor = 0;
  std::string torch_version;
  // Tensors a node or the signature names without a tensor_values meta
  // (check "tensor-meta"), with `entry` filled in.
  std::vector<Finding> findings;
};

// Only the schema_version field (works on programs the struct parse rejects).
// SchemaError when the text is not a JSON object.
std::pair<int, int> read_schema_version(const std::string& json_text);

// Parses into torch::_export::ExportedProgram and walks it; SchemaError on failure.
ProgramFacts read_program(const std::string& json_text, const std::string& entry);

// data/{weights,constants}/<model>_config.json as torch::_export::PayloadConfig,
// sorted by key; SchemaError on failure.
std::vector<PayloadEntry> read_payload_config(const std::string& json_text);

// The text parsed into the schema's structs and written back by them: what a
// C++ producer of archives would write. SchemaError on failure.
std::string reencode_program(const std::string& json_text);
std::string reencode_payload_config(const std::string& json_text);

}  // namespace exportcheck::validate

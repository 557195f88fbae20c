// Internal to harness/catalog: loading one YAML document, with syntax errors
// turned into CaseErrors that carry yaml-cpp's line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "harness/catalog/yaml_reader.h"

namespace exportcheck::catalog::detail {

// The single document in `text`, or nullopt after reporting an error
// (syntax error, empty file, more than one document).
std::optional<YAML::Node> load_document(Diagnostics& d, std::string_view text);

// The bytes of a file, or nullopt if it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace exportcheck::catalog::detail

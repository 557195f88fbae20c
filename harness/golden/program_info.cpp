#include "harness/golden/program_info.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"

namespace exportcheck {

namespace {

constexpr std::uint64_t kMaxModelJson = std::uint64_t{512} << 20;

ProgramInfo info_from_json(const std::string& json_text, const std::string& archive, const std::string& entry) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw ArchiveError(archive, entry, std::string("invalid JSON: ") + e.what());
  }
  ProgramInfo info;
  try {
    if (!j.is_object()) throw ArchiveError(archive, entry, "model JSON is not an object");
    // Same default as the schema's ExportedProgram.torch_version.
    info.torch_version = j.value("torch_version", std::string("<=2.4"));
    const nlohmann::json& schema = j.at("schema_version");
    info.schema_major = schema.at("major").get<int>();
    info.schema_minor = schema.at("minor").get<int>();
  } catch (const nlohmann::json::exception& e) {
    throw ArchiveError(archive, entry, std::string("bad schema_version/torch_version: ") + e.what());
  }
  return info;
}

}  // namespace

ProgramInfo read_program_info(const ZipArchive& archive, const std::string& model) {
  const ModelEntry m = pt2_model_entry(archive, model);
  return info_from_json(archive.read(m.entry, kMaxModelJson), archive.label(), m.entry);
}

ProgramInfo read_program_info(const std::string& archive_path, const std::string& model) {
  return read_program_info(ZipArchive::open(archive_path), model);
}

ProgramInfo program_info_from_json(const std::string& json_text, const std::string& where) {
  return info_from_json(json_text, where, "");
}

std::string torch_major_minor(const std::string& torch_version) {
  auto digits = [&](std::size_t from) {
    std::size_t to = from;
    while (to < torch_version.size() && std::isdigit(static_cast<unsigned char>(torch_version[to]))) ++to;
    return to;
  };
  const std::size_t major_end = digits(0);
  if (major_end == 0 || major_end >= torch_version.size() || torch_version[major_end] != '.') return torch_version;
  const std::size_t minor_end = digits(major_end + 1);
  if (minor_end == major_end + 1) return torch_version;
  return torch_version.substr(0, minor_end);
}

}  // namespace exportcheck

#pragma once
// Which torch and schema produced a serialized program: goldens record it in
// their header so a golden made by another torch release reads as drift.
#include <string>

namespace exportcheck {

class ZipArchive;

struct ProgramInfo {
  std::string torch_version;  // e.g. "2.11.0+cu130"
  int schema_major = 0;
  int schema_minor = 0;
  bool operator==(const ProgramInfo&) const = default;
};

// From one model JSON of a PT2 archive (model "" = the first one). Reads only
// these fields, so it works on programs the printer cannot parse.
ProgramInfo read_program_info(const std::string& archive_path, const std::string& model = "");
ProgramInfo read_program_info(const ZipArchive& archive, const std::string& model = "");
// From model JSON text; `where` names it in errors (ArchiveError).
ProgramInfo program_info_from_json(const std::string& json_text, const std::string& where = "model.json");

// "2.11" from "2.11.0+cu130"; the whole string when it does not start with
// two dot-separated numbers (e.g. the schema's default "<=2.4").
std::string torch_major_minor(const std::string& torch_version);

}  // namespace exportcheck

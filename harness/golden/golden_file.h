#pragma once
// Golden IR files, golden/<case>/<ir>.ir: one header line recording who made
// it, then the canonical text of ir_printer.h.
//
//   # exportcheck golden IR v1 | torch 2.11.0+cu130 | schema 8.17
//   inputs:
//   ...
//
// A golden whose body differs and whose torch major.minor is not the running
// one is Drift (made by another release), not Mismatch.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "harness/golden/program_info.h"

namespace exportcheck {

class GoldenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct GoldenFile {
  ProgramInfo info;  // from the header
  std::string body;  // canonical text after the header line
};

struct GoldenResult {
  enum class Status { Match, Missing, Mismatch, Drift };
  Status status = Status::Match;
  std::string diff;  // unified diff golden -> actual; empty on Match
};

std::string_view to_string(GoldenResult::Status status);  // "match", "missing", ...

// <root>/<case>/<ir>.ir
std::filesystem::path golden_path(const std::filesystem::path& root, std::string_view case_name, std::string_view ir);

std::string golden_header(const ProgramInfo& info);  // the first line, without '\n'
std::string format_golden(const ProgramInfo& info, std::string_view body);
// GoldenError naming `where` if the header is missing or malformed. CRLF line
// ends are read as LF.
GoldenFile parse_golden(std::string_view text, const std::string& where = "golden");
// nullopt if the file does not exist; GoldenError if it cannot be read or parsed.
std::optional<GoldenFile> read_golden(const std::filesystem::path& path);
// Creates the folders; writes a temporary file and renames it over `path`, so a
// reader never sees half a golden.
void write_golden(const std::filesystem::path& path, const ProgramInfo& info, std::string_view body);

// `label` names the golden in the diff ("--- golden/x/training.ir", "+++ actual").
GoldenResult compare(const std::optional<GoldenFile>& expected, std::string_view actual_body,
                     const ProgramInfo& actual_info, std::string_view label = "golden");

}  // namespace exportcheck

#include "harness/golden/golden_file.h"

#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>
#include <vector>

#include "harness/golden/line_diff.h"

namespace exportcheck {

namespace {

constexpr std::string_view kMagic = "# exportcheck golden IR v1";
constexpr std::string_view kSeparator = " | ";

std::vector<std::string_view> split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + sep.size();
  }
}

bool parse_int(std::string_view s, int& out) {
  if (s.empty() || s.size() > 9) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::string_view to_string(GoldenResult::Status status) {
  switch (status) {
    case GoldenResult::Status::Match: return "match";
    case GoldenResult::Status::Missing: return "missing";
    case GoldenResult::Status::Mismatch: return "mismatch";
    case GoldenResult::Status::Drift: return "drift";
  }
  return "?";
}

std::filesystem::path golden_path(const std::filesystem::path& root, std::string_view case_name, std::string_view ir) {
  return root / std::string(case_name) / (std::string(ir) + ".ir");
}

std::string golden_header(const ProgramInfo& info) {
  return std::string(kMagic) + " | torch " + info.torch_version + " | schema " + std::to_string(info.schema_major) +
         "." + std::to_string(info.schema_minor);
}

std::string format_golden(const ProgramInfo& info, std::string_view body) {
  return golden_header(info) + "\n" + std::string(body);
}

GoldenFile parse_golden(std::string_view raw, const std::string& where) {
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!(raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')) text += raw[i];

  const std::size_t eol = text.find('\n');
  const std::string_view header = std::string_view(text).substr(0, eol);
  auto fail = [&](const std::string& why) {
    throw GoldenError(where + ":1: " + why + " (expected '" + golden_header({"<version>", 0, 0}) + "')");
  };
  if (!header.starts_with("# exportcheck golden IR ")) fail("not an exportcheck golden");
  const std::vector<std::string_view> parts = split(header, kSeparator);
  if (parts[0] != kMagic) fail("unsupported golden format '" + std::string(parts[0]) + "'");
  if (parts.size() != 3) fail("malformed header");
  GoldenFile golden;
  if (!parts[1].starts_with("torch ") || parts[1].size() == 6) fail("malformed torch version");
  golden.info.torch_version = std::string(parts[1].substr(6));
  if (!parts[2].starts_with("schema ")) fail("malformed schema version");
  const std::vector<std::string_view> schema = split(parts[2].substr(7), ".");
  if (schema.size() != 2 || !parse_int(schema[0], golden.info.schema_major) ||
      !parse_int(schema[1], golden.info.schema_minor))
    fail("malformed schema version");
  golden.body = eol == std::string::npos ? std::string() : text.substr(eol + 1);
  return golden;
}

std::optional<GoldenFile> read_golden(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GoldenError(path.string() + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw GoldenError(path.string() + ": read failed");
  return parse_golden(text.str(), path.string());
}

void write_golden(const std::filesystem::path& path, const ProgramInfo& info, std::string_view body) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw GoldenError(path.string() + ": cannot create folder: " + ec.message());
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());  // per process: parallel writers do not share it
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << format_golden(info, body);
    out.close();
    if (!out) throw GoldenError(tmp.string() + ": write failed");
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw GoldenError(path.string() + ": cannot replace: " + ec.message());
  }
}

GoldenResult compare(const std::optional<GoldenFile>& expected, std::string_view actual_body,
                     const ProgramInfo& actual_info, std::string_view label) {
  using S = GoldenResult::Status;
  if (!expected) return {S::Missing, unified_diff("", actual_body, label, "actual")};
  if (expected->body == actual_body) return {S::Match, ""};
  const bool other_release = torch_major_minor(expected->info.torch_version) != torch_major_minor(actual_info.torch_version);
  return {other_release ? S::Drift : S::Mismatch, unified_diff(expected->body, actual_body, label, "actual")};
}

}  // namespace exportcheck

#include "harness/catalog/stage_id.h"

#include <array>
#include <utility>
#include <vector>

#include "harness/catalog/schema.h"

namespace exportcheck::catalog {

namespace {

constexpr std::array<std::pair<StageId::Kind, std::string_view>, 9> kRoots = {{
    {StageId::Kind::Catalog, "catalog"},
    {StageId::Kind::Export, "export"},
    {StageId::Kind::Archive, "archive"},
    {StageId::Kind::Roundtrip, "roundtrip"},
    {StageId::Kind::Golden, "golden"},
    {StageId::Kind::Replay, "replay"},
    {StageId::Kind::Guards, "guards"},
    {StageId::Kind::Sequence, "sequence"},
    {StageId::Kind::Compat, "compat"},
}};

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto colon = s.find(':');
    parts.push_back(s.substr(0, colon));
    if (colon == std::string_view::npos) return parts;
    s.remove_prefix(colon + 1);
  }
}

}  // namespace

std::string_view root_name(StageId::Kind kind) {
  for (const auto& [k, name] : kRoots)
    if (k == kind) return name;
  return "?";
}

std::string StageId::str() const {
  std::string out(root_name(kind));
  if (kind == Kind::Roundtrip) out += ":" + check;
  if (per_runtime()) out += ":" + runtime + ":" + device;
  if (kind == Kind::Compat) out += ":" + check + ":" + runtime;
  return out;
}

std::optional<StageId> StageId::parse(std::string_view text) {
  const auto parts = split(text);
  for (const auto& [kind, name] : kRoots) {
    if (parts[0] != name) continue;
    StageId id = of(kind);
    if (kind == Kind::Roundtrip) {
      if (parts.size() != 2 || !schema::contains(schema::kRoundtripChecks, parts[1])) return std::nullopt;
      id.check = std::string(parts[1]);
    } else if (kind == Kind::Compat) {
      if (parts.size() != 3 || !schema::is_release(parts[1]) || !schema::contains(schema::kCompatRuntimes, parts[2]))
        return std::nullopt;
      id.check = std::string(parts[1]);
      id.runtime = std::string(parts[2]);
    } else if (id.per_runtime()) {
      if (parts.size() != 3 || !schema::contains(schema::kRuntimes, parts[1]) ||
          !schema::contains(schema::kDevices, parts[2]))
        return std::nullopt;
      id.runtime = std::string(parts[1]);
      id.device = std::string(parts[2]);
    } else if (parts.size() != 1) {
      return std::nullopt;
    }
    return id;
  }
  return std::nullopt;
}

}  // namespace exportcheck::catalog

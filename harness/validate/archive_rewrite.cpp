#include "harness/validate/archive_rewrite.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "harness/archive/zip_archive.h"
#include "harness/archive/zip_writer.h"
#include "harness/validate/schema_reader.h"

namespace exportcheck::validate {
namespace {

using nlohmann::json;

// Differences listed one by one per entry; past them, counted by kind up to
// kMaxDifferencesCounted (a program where every float changed stays bounded).
constexpr std::size_t kMaxDifferencesPerEntry = 20;
constexpr std::size_t kMaxDifferencesCounted = 100000;

// Every JSON path where `a` and `b` differ, in document order, at most
// `limit` of them (a path with a space, "(length 3 vs 4)", is not a pointer).
void differences(const json& a, const json& b, const std::string& path, std::vector<std::string>& out,
                 std::size_t limit) {
  if (out.size() >= limit) return;
  if (a.type() != b.type()) {
    out.push_back(path.empty() ? "/" : path);
  } else if (a.is_object()) {
    for (const auto& [k, v] : a.items()) {
      if (!b.contains(k))
        out.push_back(path + "/" + k);
      else
        differences(v, b.at(k), path + "/" + k, out, limit);
      if (out.size() >= limit) return;
    }
    for (const auto& [k, v] : b.items())
      if (!a.contains(k) && out.size() < limit) out.push_back(path + "/" + k);
  } else if (a.is_array()) {
    if (a.size() != b.size()) {
      out.push_back(path + " (length " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + ")");
      return;
    }
    for (std::size_t i = 0; i < a.size() && out.size() < limit; ++i)
      differences(a[i], b[i], path + "/" + std::to_string(i), out, limit);
  } else if (a != b) {
    out.push_back(path.empty() ? "/" : path);
  }
}

// ": A became B" for a difference at a JSON pointer, cut short; "" where the
// path is not a plain pointer (a length difference).
std::string values_at(const json& a, const json& b, const std::string& path) {
  auto shown = [&](const json& j) {
    std::string s;
    try {
      s = j.at(json::json_pointer(path == "/" ? "" : path)).dump();
    } catch (const std::exception&) {
      s = "(absent)";
    }
    return s.size() > 60 ? s.substr(0, 57) + "..." : s;
  };
  if (path.find(' ') != std::string::npos) return "";
  return ": " + shown(a) + " became " + shown(b);
}

}  // namespace

bool is_reencoded_entry(const std::string& name) {
  const auto slash = name.find('/');
  if (slash == std::string::npos) return false;
  const std::string rest = name.substr(slash + 1);
  auto direct_child = [&](const std::string& dir) {
    return rest.starts_with(dir) && rest.find('/', dir.size()) == std::string::npos;
  };
  if (direct_child("models/") && rest.ends_with(".json")) return true;
  return (direct_child("data/weights/") || direct_child("data/constants/")) && rest.ends_with("_config.json");
}

void rewrite_archive(const std::string& in, const std::string& out) {
  const ZipArchive zip = ZipArchive::open(in);
  std::vector<ZipWriteEntry> entries;
  entries.reserve(zip.entries().size());
  for (const ZipEntry& e : zip.entries()) {
    std::string data = zip.read(e.name);
    if (is_reencoded_entry(e.name)) {
      try {
        data = e.name.find("/models/") != std::string::npos ? reencode_program(data) : reencode_payload_config(data);
      } catch (const SchemaError& err) {
        throw ArchiveError(in, e.name, std::string("cannot re-encode") + (err.field().empty() ? "" : " at " + err.field()) +
                                           ": " + err.what());
      }
    }
    entries.push_back({e.name, std::move(data)});
  }
  write_zip(out, entries);
}

std::vector<Finding> compare_rewritten(const ZipArchive& original, const ZipArchive& rewritten) {
  std::vector<Finding> out;
  const auto& a = original.entries();
  const auto& b = rewritten.entries();
  if (a.size() != b.size())
    out.push_back({"roundtrip-bytes", "", "", std::to_string(b.size()) + " entries, the original has " + std::to_string(a.size())});
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i].name != b[i].name) {
      out.push_back({"roundtrip-bytes", a[i].name, "", "entry " + std::to_string(i) + " is '" + b[i].name + "' in the rewrite"});
      continue;
    }
    try {
      const std::string x = original.read(a[i].name), y = rewritten.read(b[i].name);
      if (!is_reencoded_entry(a[i].name)) {
        if (x != y)
          out.push_back({"roundtrip-bytes", a[i].name, "",
                         "bytes differ (" + std::to_string(x.size()) + " vs " + std::to_string(y.size()) + " bytes)"});
        continue;
      }
      const json jx = json::parse(x), jy = json::parse(y);
      // Every difference, not just the first: one known upstream quirk (a
      // -inf written as "Infinity") must not hide another change behind it.
      std::vector<std::string> paths;
      differences(jx, jy, "", paths, kMaxDifferencesCounted + 1);
      for (std::size_t k = 0; k < paths.size() && k < kMaxDifferencesPerEntry; ++k)
        out.push_back({"roundtrip-bytes", a[i].name, paths[k],
                       "JSON value differs after the schema's re-encoding" + values_at(jx, jy, paths[k])});
      // The rest, one finding per distinct change ("A became B"), so that each
      // says what it is: a known gap explains the lines it matches, and a
      // different change among hundreds of known ones still has a line of its own.
      std::vector<std::pair<std::string, std::pair<std::size_t, std::string>>> rest;  // change -> (count, first path)
      for (std::size_t k = kMaxDifferencesPerEntry; k < paths.size() && k < kMaxDifferencesCounted; ++k) {
        const std::string change = values_at(jx, jy, paths[k]);
        auto it = std::find_if(rest.begin(), rest.end(), [&](const auto& r) { return r.first == change; });
        if (it == rest.end())
          rest.push_back({change, {1, paths[k]}});
        else
          ++it->second.first;
      }
      for (const auto& [change, seen] : rest)
        out.push_back({"roundtrip-bytes", a[i].name, seen.second,
                       std::to_string(seen.first) + " more JSON value(s) differ after the schema's re-encoding" +
                           (change.empty() ? " (a length)" : change)});
      if (paths.size() > kMaxDifferencesCounted)
        out.push_back({"roundtrip-bytes", a[i].name, "",
                       "more than " + std::to_string(kMaxDifferencesCounted) + " JSON values differ; not counted further"});
    } catch (const std::exception& e) {
      out.push_back({"roundtrip-bytes", a[i].name, "", e.what()});
    }
  }
  return out;
}

}  // namespace exportcheck::validate

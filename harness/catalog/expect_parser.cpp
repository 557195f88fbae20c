#include "harness/catalog/expect_parser.h"

#include <algorithm>
#include <regex>

#include "harness/catalog/schema.h"
#include "harness/catalog/version_spec.h"

namespace exportcheck::catalog::detail {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string::npos ? pos : pos - start));
    if (pos == std::string::npos) return parts;
    start = pos + 1;
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Checks a key such as "replay:module:cuda"; returns the error or "".
std::string check_stage(const std::string& key, const ExpectScope& scope) {
  std::vector<std::string> parts = split(key, ':');
  const std::string& root = parts[0];
  if (!schema::contains(schema::kStageRoots, root)) {
    return "unknown stage '" + root + "'; stages are " + schema::join(schema::kStageRoots);
  }
  if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); })) {
    return "empty part in stage '" + key + "'";
  }
  if (root == "roundtrip" && parts.size() > 1) {
    if (parts.size() > 2 || !schema::contains(schema::kRoundtripChecks, parts[1])) {
      return "expected roundtrip[:check] with check one of " + schema::join(schema::kRoundtripChecks) +
             ", got '" + key + "'";
    }
    return "";
  }
  if (root == "compat") {
    if (parts.size() > 3) return "expected compat[:release[:runtime]], got '" + key + "'";
    if (parts.size() > 1 && parts[1] != "*" && !schema::is_release(parts[1]))
      return "compat: '" + parts[1] + "' is not a torch release such as 2.11.0 (or *, every release)";
    if (parts.size() > 2 && !schema::contains(schema::kCompatRuntimes, parts[2]))
      return "unknown compat runtime '" + parts[2] + "'; compat runtimes are " + schema::join(schema::kCompatRuntimes);
    return "";
  }
  if (!schema::contains(schema::kPerRuntimeStages, root)) {
    if (parts.size() > 1) return "stage '" + root + "' has no ':' parts (only replay, guards, sequence, compat and roundtrip do)";
    return "";
  }
  if (parts.size() > 3) return "expected " + root + "[:runtime[:device]], got '" + key + "'";
  if (parts.size() > 1 && !schema::contains(schema::kRuntimes, parts[1])) {
    return "unknown runtime '" + parts[1] + "'; runtimes are " + schema::join(schema::kRuntimes);
  }
  if (parts.size() > 2 && !schema::contains(schema::kDevices, parts[2])) {
    return "unknown device '" + parts[2] + "'; devices are " + schema::join(schema::kDevices);
  }
  if (parts.size() > 2 && !has(scope.devices, parts[2])) {
    return "device '" + parts[2] + "' is not in this case's devices (" + join(scope.devices) + ")";
  }
  return "";
}

std::optional<Expectation> parse_one(Diagnostics& d, const Value& v, const std::string& stage,
                                     const ExpectScope& scope) {
  const std::size_t before = d.count();
  std::optional<MapReader> m =
      MapReader::open(d, v, {"verdict", "reason", "match", "mode", "ir", "xpass", "torch"}, {"verdict", "reason"});
  if (!m) return std::nullopt;
  Expectation e;
  e.stage = stage;
  e.line = v.line;
  if (const MapReader::Entry* f = m->find("verdict")) {
    if (std::optional<std::string> verdict = read_string(d, f->value)) {
      if (!schema::contains(schema::kVerdicts, *verdict)) {
        d.error(f->value.line, f->value.path,
                "unknown verdict '" + *verdict + "'; expected one of " +
                    schema::join(schema::kVerdicts));
      }
      e.verdict = *verdict;
    }
  }
  if (const MapReader::Entry* f = m->find("reason")) {
    // read_string refuses an empty or blank reason ("must not be empty"):
    // every XFAIL / UNSUPPORTED / SKIP is reported grouped by its reason.
    if (std::optional<std::string> reason = read_string(d, f->value)) e.reason = *reason;
  }
  if (const MapReader::Entry* f = m->find("xpass")) {
    if (std::optional<std::string> xpass = read_string(d, f->value)) {
      if (*xpass != "fail" && *xpass != "finding") {
        d.error(f->value.line, f->value.path, "xpass is fail (an XPASS fails the run) or finding, got '" + *xpass + "'");
      } else if (!e.verdict.empty() && e.verdict != "xfail") {
        d.error(f->value.line, f->value.path, "xpass only applies to verdict xfail");
      }
      e.xpass_finding = *xpass == "finding";
    }
  }
  if (const MapReader::Entry* f = m->find("match")) {
    if (std::optional<std::string> match = read_string(d, f->value)) {
      try {
        std::regex re(*match, std::regex::ECMAScript);
      } catch (const std::regex_error& err) {
        d.error(f->value.line, f->value.path,
                "invalid regex '" + *match + "': " + std::string(err.what()));
      }
      // unsupported / skip never run the stage, so there is no message to match.
      if (!e.verdict.empty() && e.verdict != "xfail") {
        d.error(f->value.line, f->value.path, "match only applies to verdict xfail");
      }
      e.match = *match;
    }
  }
  if (const MapReader::Entry* f = m->find("mode")) {
    if (std::optional<std::string> mode = read_string(d, f->value)) {
      if (!schema::contains(schema::kModes, *mode)) {
        d.error(f->value.line, f->value.path,
                "unknown mode '" + *mode + "'; modes are strict, nonstrict");
      } else if (!has(scope.modes, *mode)) {
        d.error(f->value.line, f->value.path,
                "this case does not export in mode " + *mode + " (export.strict gives: " +
                    join(scope.modes) + ")");
      }
      e.mode = *mode;
    }
  }
  if (const MapReader::Entry* f = m->find("ir")) {
    if (std::optional<std::string> ir = read_string(d, f->value)) {
      if (!schema::contains(schema::kIrs, *ir)) {
        d.error(f->value.line, f->value.path,
                "unknown ir '" + *ir + "'; IR levels are " + schema::join(schema::kIrs));
      } else if (!has(scope.irs, *ir)) {
        d.error(f->value.line, f->value.path,
                "this case does not produce ir " + *ir + " (export.ir: " + join(scope.irs) + ")");
      }
      e.ir = *ir;
    }
  }
  if (const MapReader::Entry* f = m->find("torch")) {
    if (std::optional<std::string> torch = read_string(d, f->value)) {
      if (std::string problem = version_spec_error(*torch); !problem.empty())
        d.error(f->value.line, f->value.path, "torch is a version range such as '>=2.11,<2.13': " + problem);
      e.torch = *torch;
    }
  }
  if (d.count() != before) return std::nullopt;
  return e;
}

}  // namespace

std::vector<Expectation> parse_expect(Diagnostics& d, const Value& v, const ExpectScope& scope) {
  std::vector<Expectation> out;
  if (kind_of(v.node) == Kind::Null) return out;
  std::optional<MapReader> m = MapReader::open_any(d, v);
  if (!m) return out;
  for (const MapReader::Entry& entry : m->entries()) {
    if (std::string problem = check_stage(entry.key, scope); !problem.empty()) {
      d.error(entry.key_line, entry.value.path, problem);
      continue;
    }
    std::vector<Value> items;
    if (kind_of(entry.value.node) == Kind::List) {
      items = *read_list(d, entry.value);
      if (items.empty()) d.error(entry.value.line, entry.value.path, "list at least one expectation");
    } else {
      items.push_back(entry.value);
    }
    for (const Value& item : items) {
      std::optional<Expectation> e = parse_one(d, item, entry.key, scope);
      if (!e) continue;
      for (const Expectation& other : out) {
        if (other.same_variant(*e)) {
          d.error(item.line, item.path,
                  "a second expectation for the same stage, mode, ir and torch range (the first is on line " +
                      std::to_string(other.line) + ")");
        }
      }
      out.push_back(std::move(*e));
    }
  }
  return out;
}

}  // namespace exportcheck::catalog::detail

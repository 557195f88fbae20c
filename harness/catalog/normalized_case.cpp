#include "harness/catalog/normalized_case.h"

#include <algorithm>
#include <regex>

#include "harness/catalog/schema.h"
#include "harness/catalog/version_spec.h"

namespace exportcheck::catalog {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& name, const std::string& field, const std::string& message) {
  throw NormalizedCaseError((name.empty() ? std::string("a suite case") : "suite case " + name) + ": " + field + ": " +
                            message);
}

std::string string_field(const json& j, const char* key, const std::string& name, bool required = true) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) bad(name, key, "missing");
    return "";
  }
  if (!it->is_string()) bad(name, key, "expected a string");
  return it->get<std::string>();
}

std::vector<std::string> strings_field(const json& j, const char* key, const std::string& name) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) bad(name, key, "expected a list of strings");
  for (const json& v : *it) {
    if (!v.is_string()) bad(name, key, "expected a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<std::string> optional_string(const json& e, const char* key, const std::string& name,
                                           const std::string& where) {
  auto it = e.find(key);
  if (it == e.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) bad(name, where + "." + key, "expected a string or null");
  return it->get<std::string>();
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

Expectation read_expectation(const json& e, const Case& c, std::size_t index) {
  const std::string where = "expect[" + std::to_string(index) + "]";
  if (!e.is_object()) bad(c.name, where, "expected an object");
  Expectation x;
  x.stage = string_field(e, "stage", c.name);
  const std::string root = x.stage.substr(0, x.stage.find(':'));
  if (!schema::contains(schema::kStageRoots, root)) bad(c.name, where + ".stage", "unknown stage '" + x.stage + "'");
  x.verdict = string_field(e, "verdict", c.name);
  if (!schema::contains(schema::kVerdicts, x.verdict)) bad(c.name, where + ".verdict", "unknown verdict '" + x.verdict + "'");
  x.reason = string_field(e, "reason", c.name);
  if (x.reason.find_first_not_of(" \t\n") == std::string::npos) bad(c.name, where + ".reason", "reason must say why (it is empty)");
  x.match = optional_string(e, "match", c.name, where);
  if (x.match) {
    if (x.verdict != "xfail") bad(c.name, where + ".match", "match only applies to verdict xfail");
    try {
      std::regex re(*x.match, std::regex::ECMAScript);
    } catch (const std::regex_error& err) {
      bad(c.name, where + ".match", "invalid regex '" + *x.match + "': " + err.what());
    }
  }
  x.mode = optional_string(e, "mode", c.name, where);
  if (x.mode && !has(c.modes, *x.mode)) bad(c.name, where + ".mode", "the case does not export in mode '" + *x.mode + "'");
  x.ir = optional_string(e, "ir", c.name, where);
  if (x.ir && !has(c.irs, *x.ir)) bad(c.name, where + ".ir", "the case does not produce ir '" + *x.ir + "'");
  x.torch = optional_string(e, "torch", c.name, where);
  if (x.torch)
    if (std::string problem = version_spec_error(*x.torch); !problem.empty()) bad(c.name, where + ".torch", problem);
  const std::string xpass = optional_string(e, "xpass", c.name, where).value_or("fail");
  if (xpass != "fail" && xpass != "finding") bad(c.name, where + ".xpass", "expected fail or finding, got '" + xpass + "'");
  if (xpass == "finding" && x.verdict != "xfail") bad(c.name, where + ".xpass", "xpass only applies to verdict xfail");
  x.xpass_finding = xpass == "finding";
  x.line = static_cast<int>(index) + 1;  // no file line: the entry's position, for messages
  return x;
}

}  // namespace

Case case_from_normalized(const json& j) {
  if (!j.is_object()) throw NormalizedCaseError("a suite case must be a JSON object");
  Case c;
  c.name = string_field(j, "name", "");
  if (c.name.empty() || c.name.find("..") != std::string::npos || c.name.front() == '/')
    bad(c.name, "name", "not a usable case name");
  c.file = string_field(j, "file", c.name, false);
  c.description = string_field(j, "description", c.name, false);
  c.tags = strings_field(j, "tags", c.name);
  c.suite = string_field(j, "suite", c.name, false);
  for (const char* key : {"model", "inputs"})
    if (!j.contains(key) || !j[key].is_object()) bad(c.name, key, "expected an object");

  const json exports = j.value("export", json::object());
  std::vector<bool> strict;
  if (exports.contains("strict") && exports["strict"].is_array()) {
    for (const json& s : exports["strict"]) {
      if (!s.is_boolean()) bad(c.name, "export.strict", "expected a list of booleans");
      strict.push_back(s.get<bool>());
    }
  } else {
    strict = {false};
  }
  for (bool s : {false, true})
    if (std::find(strict.begin(), strict.end(), s) != strict.end()) c.modes.push_back(s ? "strict" : "nonstrict");
  if (c.modes.empty()) bad(c.name, "export.strict", "list at least one mode");
  const std::vector<std::string> irs = exports.contains("ir") ? strings_field(exports, "ir", c.name)
                                                              : std::vector<std::string>{"training"};
  for (const auto& ir : irs)
    if (!schema::contains(schema::kIrs, ir)) bad(c.name, "export.ir", "unknown ir '" + ir + "'");
  for (std::string_view ir : schema::kIrs)
    if (has(irs, std::string(ir))) c.irs.emplace_back(ir);
  if (c.irs.empty()) bad(c.name, "export.ir", "list at least one ir");

  const std::vector<std::string> devices = j.contains("devices") ? strings_field(j, "devices", c.name)
                                                                  : std::vector<std::string>{schema::kDevices.begin(), schema::kDevices.end()};
  for (const auto& d : devices)
    if (!schema::contains(schema::kDevices, d)) bad(c.name, "devices", "unknown device '" + d + "'");
  for (std::string_view d : schema::kDevices)
    if (has(devices, std::string(d))) c.devices.emplace_back(d);
  if (c.devices.empty()) bad(c.name, "devices", "list at least one device");

  if (j.contains("timeout_s") && !j["timeout_s"].is_null()) {
    if (!j["timeout_s"].is_number() || j["timeout_s"].get<double>() <= 0) bad(c.name, "timeout_s", "expected seconds > 0");
    c.timeout_s = j["timeout_s"].get<double>();
  }
  if (j.contains("memory_mb") && !j["memory_mb"].is_null()) {
    if (!j["memory_mb"].is_number_integer()) bad(c.name, "memory_mb", "expected a whole number of MiB or null");
    const std::int64_t mb = j["memory_mb"].get<std::int64_t>();
    if (std::string problem = schema::memory_mb_error(mb); !problem.empty()) bad(c.name, "memory_mb", problem);
    c.memory_mb = mb;
  }
  c.preload = strings_field(j, "preload", c.name);
  c.required_packages = strings_field(j, "requires", c.name);

  if (j.contains("expect") && !j["expect"].is_null()) {
    if (!j["expect"].is_array()) bad(c.name, "expect", "expected a list of expectations");
    for (std::size_t i = 0; i < j["expect"].size(); ++i) {
      Expectation x = read_expectation(j["expect"][i], c, i);
      for (const Expectation& other : c.expect)
        if (other.same_variant(x))
          bad(c.name, "expect[" + std::to_string(i) + "]", "a second expectation for the same stage, mode, ir and torch range");
      c.expect.push_back(std::move(x));
    }
  }
  c.normalized = j;
  c.normalized.erase("expect");
  c.normalized["devices"] = c.devices;
  c.normalized["memory_mb"] = c.memory_mb ? json(*c.memory_mb) : json(nullptr);
  c.normalized["preload"] = c.preload;
  c.normalized["requires"] = c.required_packages;
  return c;
}

}  // namespace exportcheck::catalog

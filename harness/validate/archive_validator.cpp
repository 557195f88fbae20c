#include "harness/validate/archive_validator.h"

#include <algorithm>
#include <map>
#include <set>

#include "harness/archive/zip_archive.h"
#include "harness/validate/entry_names.h"
#include "harness/validate/sample_inputs.h"
#include "harness/validate/schema_reader.h"
#include "harness/validate/tensor_bytes.h"

namespace exportcheck::validate {
namespace {

constexpr std::uint64_t kMaxModelJson = std::uint64_t{512} << 20;
constexpr std::uint64_t kMaxConfigJson = std::uint64_t{64} << 20;
constexpr std::uint64_t kMaxSmallFile = 4096;  // archive_format, byteorder, versions, ids

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool is_integer(const std::string& s) {
  return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string printable(const std::string& s, std::size_t max = 40) {
  std::string out;
  for (char c : s.substr(0, max)) out += (c >= 32 && c < 127) ? c : '?';
  return "'" + out + (s.size() > max ? "...'" : "'");
}

class Validator {
 public:
  Validator(const ZipArchive& zip, const PayloadVisitor& visit, PayloadCheck payloads)
      : zip_(zip), visit_(visit), payloads_(payloads) {}

  std::vector<Finding> run() {
    check_names();
    if (!find_top()) return std::move(out_);
    small_file("archive_format", [&](const std::string& v) {
      if (v != "pt2") error("archive_format", top_ + "/archive_format", "", "is " + printable(v) + ", not 'pt2'");
    });
    small_file("archive_version", [&](const std::string& v) {
      if (!is_integer(trim(v))) error("archive_version", top_ + "/archive_version", "", "is " + printable(v) + ", not an integer");
    });
    small_file("byteorder", [&](const std::string& v) {
      if (v != "little" && v != "big")
        error("byteorder", top_ + "/byteorder", "", "is " + printable(v) + ", not 'little' or 'big'");
    });
    small_file(".data/version", [&](const std::string& v) {
      if (!is_integer(trim(v))) error(".data/version", top_ + "/.data/version", "", "is " + printable(v) + ", not an integer");
    });
    small_file(".data/serialization_id", [&](const std::string& v) {
      if (trim(v).empty()) error(".data/serialization_id", top_ + "/.data/serialization_id", "", "is empty");
    });
    check_models();
    check_payloads("weights");
    check_payloads("constants");
    return std::move(out_);
  }

 private:
  void error(std::string check, std::string entry, std::string field, std::string message) {
    out_.push_back({std::move(check), std::move(entry), std::move(field), std::move(message)});
  }
  void note(std::string check, std::string entry, std::string field, std::string message) {
    out_.push_back({std::move(check), std::move(entry), std::move(field), std::move(message), Finding::Severity::Note});
  }

  // Reads an entry; a read failure (damage, over the cap) becomes a finding.
  std::optional<std::string> read(const std::string& check, const std::string& entry, std::uint64_t cap) {
    try {
      return zip_.read(entry, cap);
    } catch (const ArchiveError& e) {
      error(check, entry, "", e.message());
      return std::nullopt;
    }
  }

  template <typename F>
  void small_file(const std::string& name, F&& check_value) {
    const std::string entry = top_ + "/" + name;
    if (!zip_.contains(entry)) return error(name, entry, "", "missing");
    if (auto v = read(name, entry, kMaxSmallFile)) check_value(*v);
  }

  void check_names() {
    std::set<std::string_view> seen, reported;
    for (const ZipEntry& e : zip_.entries()) {
      if (std::string problem = entry_name_problem(e.name); !problem.empty()) error("entry-name", e.name, "", problem);
      if (!seen.insert(e.name).second && reported.insert(e.name).second)
        error("duplicate-entry", e.name, "", "appears more than once in the zip directory");
    }
  }

  bool find_top() {
    if (zip_.entries().empty()) {
      error("top-folder", "", "", "archive has no entries");
      return false;
    }
    std::set<std::string> tops;
    for (const ZipEntry& e : zip_.entries()) {
      const auto slash = e.name.find('/');
      if (slash == std::string::npos || slash == 0) {
        error("top-folder", e.name, "", "entry is not inside a top folder");
        continue;
      }
      tops.insert(e.name.substr(0, slash));
    }
    if (tops.size() > 1) {
      std::string names;
      for (const auto& t : tops) names += (names.empty() ? "'" : ", '") + t + "'";
      error("top-folder", "", "", std::to_string(tops.size()) + " top folders (" + names + "), one expected");
    }
    if (tops.size() != 1) return false;
    top_ = *tops.begin();
    return true;
  }

  // models/<name>.json directly under the top folder.
  std::vector<std::string> model_names() const {
    const std::string prefix = top_ + "/models/";
    std::vector<std::string> names;
    for (const ZipEntry& e : zip_.entries()) {
      if (!e.name.starts_with(prefix) || !e.name.ends_with(".json") || e.name.size() <= prefix.size() + 5) continue;
      std::string name = e.name.substr(prefix.size(), e.name.size() - prefix.size() - 5);
      if (name.find('/') == std::string::npos && std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  void check_models() {
    const std::vector<std::string> names = model_names();
    if (names.empty()) error("model-json", top_ + "/models/model.json", "", "missing: the archive has no model JSON");
    for (const std::string& name : names) {
      check_model(name);
      for (const char* kind : {"weights", "constants"}) {
        const std::string config = top_ + "/data/" + kind + "/" + name + "_" + kind + "_config.json";
        if (!zip_.contains(config)) error(std::string(kind) + "-config", config, "", "missing (model '" + name + "')");
      }
      const std::string inputs = top_ + "/data/sample_inputs/" + name + ".pt";
      if (!zip_.contains(inputs)) {
        error("sample-inputs", inputs, "", "missing (model '" + name + "')");
      } else if (auto bytes = read("sample-inputs", inputs, kMaxSampleInputs)) {
        if (std::string problem = torch_save_container_problem(*bytes, inputs); !problem.empty())
          error("sample-inputs", inputs, "", problem);
      }
    }
  }

  void check_model(const std::string& name) {
    const std::string entry = top_ + "/models/" + name + ".json";
    const auto text = read("model-json", entry, kMaxModelJson);
    if (!text) return;
    try {
      const auto [major, minor] = read_schema_version(*text);
      if (major != kReadableSchemaMajor) {
        error("schema-version", entry, "/schema_version/major",
              "schema " + std::to_string(major) + "." + std::to_string(minor) + ": this build reads major version " +
                  std::to_string(kReadableSchemaMajor) + " only");
        return;
      }
      ProgramFacts facts = read_program(*text, entry);
      for (Finding& f : facts.findings) out_.push_back(std::move(f));
    } catch (const SchemaError& e) {
      error("model-json", entry, e.field(), e.what());
    }
  }

  // Every *_config.json under data/<kind>/; each payload it names exists and
  // holds the bytes its tensor_meta needs.
  void check_payloads(const std::string& kind) {
    const std::string dir = top_ + "/data/" + kind + "/";
    const std::string check = kind + "-config";
    std::map<std::string, std::uint64_t> needed;  // path_name -> most bytes any alias needs
    std::set<std::string> referenced;
    for (const ZipEntry& e : zip_.entries()) {
      if (!e.name.starts_with(dir) || !e.name.ends_with("_config.json")) continue;
      if (e.name.find('/', dir.size()) != std::string::npos) continue;
      const auto text = read(check, e.name, kMaxConfigJson);
      if (!text) continue;
      std::vector<PayloadEntry> entries;
      try {
        entries = read_payload_config(*text);
      } catch (const SchemaError& err) {
        error(check, e.name, err.field(), err.what());
        continue;
      }
      for (const PayloadEntry& p : entries) check_payload(kind, e.name, p, needed, referenced);
    }
    for (const auto& [path, bytes] : needed) {
      const std::string entry = dir + path;
      const ZipEntry* z = zip_.find(entry);
      if (z == nullptr) continue;  // reported as missing already
      if (z->size < bytes)
        error("payload-size", entry, "", "holds " + std::to_string(z->size) + " bytes, its tensor_meta needs " +
                                             std::to_string(bytes));
      else if (z->size > bytes)
        note("payload-size", entry, "", "holds " + std::to_string(z->size) + " bytes, its tensor_meta needs " +
                                            std::to_string(bytes) + " (torch stores a view's whole storage)");
    }
    for (const std::string& path : referenced) {
      const std::string entry = dir + path;
      if (payloads_ == PayloadCheck::Sizes || !zip_.contains(entry)) continue;
      try {  // the bytes really are there (CRC, length): read once, in pieces unless someone keeps them
        if (visit_)
          visit_(entry, zip_.read(entry, zip_.archive_size()));
        else
          zip_.read_chunks(entry, [](std::string_view) {});
      } catch (const ArchiveError& err) {
        error("payload-data", entry, "", err.message());
      }
    }
    for (const ZipEntry& e : zip_.entries())
      if (e.name.starts_with(dir) && !e.name.ends_with("_config.json") && !referenced.contains(e.name.substr(dir.size())))
        note("payload-unreferenced", e.name, "", "no config entry names this file");
  }

  void check_payload(const std::string& kind, const std::string& config, const PayloadEntry& p,
                     std::map<std::string, std::uint64_t>& needed, std::set<std::string>& referenced) {
    const std::string field = "/config/" + p.key;
    const std::string dir = top_ + "/data/" + kind + "/";
    if (p.path_name.empty() || !entry_name_problem(dir + p.path_name).empty() || p.path_name.find('/') != std::string::npos)
      return error("payload-path", config, field + "/path_name", "is " + printable(p.path_name) + ", not a file name");
    referenced.insert(p.path_name);
    if (!zip_.contains(dir + p.path_name))
      return error("payload-missing", config, field + "/path_name", "names " + dir + p.path_name + ", which is missing");
    if (p.use_pickle)
      return note("payload-pickle", dir + p.path_name, "", "pickled (use_pickle), its contents are not checked");
    if (!p.meta) return error("payload-meta", config, field + "/tensor_meta", "missing for a payload that is not pickled");
    const auto size = element_size(p.meta->dtype);
    if (!size) return error("payload-meta", config, field + "/tensor_meta/dtype", "unknown dtype " + std::to_string(p.meta->dtype));
    if (p.meta->symbolic) return error("payload-meta", config, field + "/tensor_meta", "symbolic size, stride or offset");
    const BytesNeeded n = bytes_needed(*size, p.meta->sizes, p.meta->strides, p.meta->storage_offset);
    if (!n.problem.empty()) return error("payload-meta", config, field + "/tensor_meta", n.problem);
    auto& most = needed[p.path_name];
    most = std::max(most, n.bytes);
  }

  const ZipArchive& zip_;
  const PayloadVisitor& visit_;
  PayloadCheck payloads_;
  std::string top_;
  std::vector<Finding> out_;
};

}  // namespace

Validation validate_archive(const ZipArchive& archive, const PayloadVisitor& visit_payload, PayloadCheck payloads) {
  return {true, Validator(archive, visit_payload, payloads).run()};
}

Validation validate_archive_file(const std::string& path) {
  try {
    const ZipArchive zip = ZipArchive::open(path);
    return validate_archive(zip);
  } catch (const ArchiveError& e) {  // opening: not a zip, truncated, inconsistent directory
    return {false, {{"zip", "", "", e.message()}}};
  }
}

}  // namespace exportcheck::validate

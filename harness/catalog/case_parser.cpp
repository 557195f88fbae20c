#include "harness/catalog/case_parser.h"

#include <algorithm>
#include <cctype>

#include "harness/catalog/dynamic_shapes_parser.h"
#include "harness/catalog/expect_parser.h"
#include "harness/catalog/input_parser.h"
#include "harness/catalog/schema.h"
#include "harness/catalog/yaml_document.h"
#include "harness/catalog/yaml_reader.h"

namespace exportcheck::catalog {
namespace {

using namespace detail;

// Case names become file names, CTest names and report keys.
bool is_case_name(std::string_view s) {
  if (s.empty() || s[0] == '.' || s[0] == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

// A list of distinct strings from a closed set, returned in the set's order.
template <std::size_t N>
std::optional<std::vector<std::string>> read_choices(Diagnostics& d, const Value& v,
                                                     const std::array<std::string_view, N>& set,
                                                     std::string_view what) {
  std::optional<std::vector<Value>> items = read_list(d, v);
  if (!items) return std::nullopt;
  if (items->empty()) d.error(v.line, v.path, "list at least one " + std::string(what));
  std::vector<std::string> seen;
  for (const Value& item : *items) {
    std::optional<std::string> s = read_string(d, item);
    if (!s) continue;
    if (!schema::contains(set, *s)) {
      d.error(item.line, item.path, "unknown " + std::string(what) + " '" + *s + "'; expected " +
                                        schema::join(set));
    } else if (std::find(seen.begin(), seen.end(), *s) != seen.end()) {
      d.error(item.line, item.path, "'" + *s + "' is listed twice");
    } else {
      seen.push_back(*s);
    }
  }
  // The valid entries still count, so later checks (expect's mode / ir /
  // device) do not pile errors on top of this one.
  std::vector<std::string> ordered;
  for (std::string_view s : set) {
    if (std::find(seen.begin(), seen.end(), s) != seen.end()) ordered.emplace_back(s);
  }
  return ordered;
}

class CaseReader {
 public:
  CaseReader(std::string file, const TagVocabulary& tags) : d_(file), file_(std::move(file)), tags_(tags) {}

  CaseParseResult read(std::string_view text) {
    CaseParseResult result;
    if (std::optional<YAML::Node> doc = load_document(d_, text)) {
      read_case(Value{*doc, "", line_of(*doc, 1)});
    }
    result.name = name_;
    result.name_line = name_line_;
    result.errors = d_.take();
    if (result.errors.empty()) result.parsed = std::move(case_);
    return result;
  }

 private:
  void read_case(const Value& root) {
    std::optional<MapReader> top = MapReader::open(
        d_, root,
        {"name", "description", "tags", "model", "inputs", "dynamic_shapes", "export", "replay",
         "tolerance", "devices", "timeout", "memory_mb", "expect", "preload", "requires"},
        {"name", "description", "tags", "model", "inputs"});
    if (!top) return;
    case_.file = file_;
    if (auto* e = top->find("name")) read_name(e->value);
    if (auto* e = top->find("description")) {
      case_.description = read_string(d_, e->value).value_or("");
    }
    if (auto* e = top->find("tags")) read_tags(e->value);
    json model = nullptr;
    if (auto* e = top->find("model")) model = read_model(e->value);
    json inputs = {{"args", json::array()}, {"kwargs", json::object()}};
    if (auto* e = top->find("inputs")) inputs = parse_input_set(d_, e->value);
    json dynamic_shapes = nullptr;
    if (auto* e = top->find("dynamic_shapes")) {
      dynamic_shapes = parse_dynamic_shapes(d_, e->value, inputs);
    }
    json exports = read_export(top->find("export"));
    json replay = read_replay(top->find("replay"));
    json tolerance = read_tolerance(top->find("tolerance"));
    read_devices(top->find("devices"));
    json timeout = read_timeout(top->find("timeout"));
    json memory_mb = read_memory_mb(top->find("memory_mb"));
    if (auto* e = top->find("preload")) {
      case_.preload = read_modules(e->value, "preload");
      // The load worker must never import model code; a preload is exempt from that check.
      if (model.is_object() && model["module"].is_string() &&
          std::find(case_.preload.begin(), case_.preload.end(), model["module"].get<std::string>()) != case_.preload.end())
        d_.error(e->value.line, e->value.path,
                 "preload names the model module " + model["module"].get<std::string>() +
                     "; preload modules register ops, they are never the model");
    }
    if (auto* e = top->find("requires")) case_.required_packages = read_modules(e->value, "requires");
    if (auto* e = top->find("expect")) {
      case_.expect = parse_expect(d_, e->value, ExpectScope{case_.modes, case_.irs, case_.devices});
    }
    case_.normalized = json{{"name", case_.name},
                            {"file", case_.file},
                            {"model", model},
                            {"inputs", inputs},
                            {"dynamic_shapes", dynamic_shapes},
                            {"export", exports},
                            {"replay", replay},
                            {"tolerance", tolerance},
                            {"devices", case_.devices},
                            {"timeout_s", timeout},
                            {"memory_mb", memory_mb},
                            {"preload", case_.preload},
                            {"requires", case_.required_packages}};
  }

  // `preload:` / `requires:`: distinct importable module names.
  std::vector<std::string> read_modules(const Value& v, std::string_view field) {
    std::vector<std::string> out;
    std::optional<std::vector<Value>> items = read_list(d_, v);
    if (!items) return out;
    for (const Value& item : *items) {
      std::optional<std::string> module = read_string(d_, item);
      if (!module) continue;
      if (!is_module_name(*module)) {
        d_.error(item.line, item.path, std::string(field) + ": expected a module name such as exportdb.custom_ops, got '" + *module + "'");
      } else if (std::find(out.begin(), out.end(), *module) != out.end()) {
        d_.error(item.line, item.path, "'" + *module + "' is listed twice");
      } else {
        out.push_back(*module);
      }
    }
    return out;
  }

  void read_name(const Value& v) {
    std::optional<std::string> name = read_string(d_, v);
    if (!name) return;
    name_ = case_.name = *name;
    name_line_ = v.line;
    const std::string stem = std::filesystem::path(file_).stem().string();
    if (!is_case_name(*name)) {
      d_.error(v.line, v.path, "a case name is letters, digits, '_', '-' and '.'; got '" + *name + "'");
    } else if (*name != stem) {
      d_.error(v.line, v.path,
               "name '" + *name + "' must equal the file stem '" + stem +
                   "' (rename the file or the case)");
    }
  }

  void read_tags(const Value& v) {
    std::optional<std::vector<Value>> items = read_list(d_, v);
    if (!items) return;
    if (items->empty()) d_.error(v.line, v.path, "list at least one tag from cases/tags.yaml");
    for (const Value& item : *items) {
      std::optional<std::string> tag = read_string(d_, item);
      if (!tag) continue;
      if (!tags_.contains(*tag)) {
        d_.error(item.line, item.path,
                 "unknown tag '" + *tag + "'; known tags are listed in cases/tags.yaml");
      } else if (std::find(case_.tags.begin(), case_.tags.end(), *tag) != case_.tags.end()) {
        d_.error(item.line, item.path, "tag '" + *tag + "' is listed twice");
      } else {
        case_.tags.push_back(*tag);
      }
    }
  }

  json read_model(const Value& v) {
    std::optional<MapReader> m = MapReader::open(d_, v, {"module", "class", "kwargs"}, {"module", "class"});
    if (!m) return nullptr;
    json model = {{"module", nullptr}, {"class", nullptr}, {"kwargs", json::object()}};
    if (auto* e = m->find("module")) {
      std::optional<std::string> module = read_string(d_, e->value);
      if (module && !is_module_name(*module)) {
        d_.error(e->value.line, e->value.path,
                 "expected an importable module such as exportdb.seed_examples, got '" + *module + "'");
      }
      if (module) model["module"] = *module;
    }
    if (auto* e = m->find("class")) {
      std::optional<std::string> cls = read_string(d_, e->value);
      if (cls && !is_identifier(*cls)) {
        d_.error(e->value.line, e->value.path,
                 "expected a class name (an identifier) in model.module, got '" + *cls + "'");
      }
      if (cls) model["class"] = *cls;
    }
    if (auto* e = m->find("kwargs"); e && kind_of(e->value.node) != Kind::Null) {
      if (std::optional<MapReader> kwargs = MapReader::open_any(d_, e->value)) {
        for (const MapReader::Entry& kw : kwargs->entries()) {
          if (!is_identifier(kw.key)) {
            d_.error(kw.key_line, kw.value.path, "a keyword argument name must be an identifier");
            continue;
          }
          model["kwargs"][kw.key] = to_json(d_, kw.value);
        }
      }
    }
    return model;
  }

  json read_export(const MapReader::Entry* entry) {
    std::vector<bool> strict = {false};
    case_.irs = {"training"};
    std::optional<std::string> decompositions;
    std::optional<MapReader> m;
    if (entry != nullptr) m = MapReader::open(d_, entry->value, {"strict", "ir", "decompositions"});
    if (m) {
      if (auto* e = m->find("strict")) strict = read_strict(e->value);
      if (auto* e = m->find("ir")) {
        case_.irs = read_choices(d_, e->value, schema::kIrs, "ir").value_or(std::vector<std::string>{});
      }
      if (auto* e = m->find("decompositions")) {
        decompositions = read_string(d_, e->value);
        if (decompositions && !is_module_attribute(*decompositions)) {
          d_.error(e->value.line, e->value.path,
                   "expected module:function (e.g. exportdb.seed_examples:double_conv_table), got '" +
                       *decompositions + "'");
        }
      }
      const bool custom = std::find(case_.irs.begin(), case_.irs.end(), "custom") != case_.irs.end();
      if (custom && !m->has("decompositions")) {
        const Value& ir = m->find("ir")->value;
        d_.error(ir.line, field_path(entry->value.path, "decompositions"),
                 "ir custom needs export.decompositions: module:function returning the decomposition table");
      }
      if (!custom && m->has("decompositions")) {
        const MapReader::Entry* e = m->find("decompositions");
        d_.error(e->key_line, e->value.path, "decompositions only apply with ir custom (add custom to export.ir)");
      }
    }
    case_.modes.clear();
    json strict_json = json::array();
    for (bool s : {false, true}) {
      if (std::find(strict.begin(), strict.end(), s) == strict.end()) continue;
      case_.modes.push_back(s ? "strict" : "nonstrict");
      strict_json.push_back(s);
    }
    return json{{"strict", strict_json},
                {"ir", case_.irs},
                {"decompositions", decompositions ? json(*decompositions) : json(nullptr)}};
  }

  std::vector<bool> read_strict(const Value& v) {
    if (kind_of(v.node) != Kind::List) {
      std::optional<bool> b = read_bool(d_, v);
      return b ? std::vector<bool>{*b} : std::vector<bool>{};
    }
    std::vector<bool> out;
    std::vector<Value> items = *read_list(d_, v);
    if (items.empty()) d_.error(v.line, v.path, "list at least one of false (non-strict), true (strict)");
    for (const Value& item : items) {
      std::optional<bool> b = read_bool(d_, item);
      if (!b) continue;
      if (std::find(out.begin(), out.end(), *b) != out.end()) {
        d_.error(item.line, item.path, std::string(*b ? "true" : "false") + " is listed twice");
      }
      out.push_back(*b);
    }
    return out;
  }

  json read_replay(const MapReader::Entry* entry) {
    std::int64_t samples = 8, seed = 0;
    std::optional<MapReader> m;
    if (entry != nullptr) m = MapReader::open(d_, entry->value, {"samples", "seed"});
    if (m) {
      if (auto* e = m->find("samples")) {
        std::optional<std::int64_t> n = read_int(d_, e->value);
        if (n && *n < 1) d_.error(e->value.line, e->value.path, "samples must be >= 1, got " + std::to_string(*n));
        samples = n.value_or(samples);
      }
      if (auto* e = m->find("seed")) {
        std::optional<std::int64_t> n = read_int(d_, e->value);
        if (n && *n < 0) d_.error(e->value.line, e->value.path, "seed must be >= 0, got " + std::to_string(*n));
        seed = n.value_or(seed);
      }
    }
    return json{{"samples", samples}, {"seed", seed}};
  }

  json read_tolerance(const MapReader::Entry* entry) {
    json out = {{"atol", nullptr}, {"rtol", nullptr}};
    std::optional<MapReader> m;
    if (entry != nullptr) m = MapReader::open(d_, entry->value, {"atol", "rtol"});
    if (!m) return out;
    for (const MapReader::Entry& e : m->entries()) {
      std::optional<double> x = read_number(d_, e.value);
      if (x && *x < 0) d_.error(e.value.line, e.value.path, e.key + " must be >= 0");
      if (x) out[e.key] = *x;
    }
    return out;
  }

  // Every device by default: a case runs wherever the machine has the device
  // (CUDA stages are UNSUPPORTED without one); `devices: [cpu]` opts out.
  void read_devices(const MapReader::Entry* entry) {
    case_.devices = {schema::kDevices.begin(), schema::kDevices.end()};
    if (entry == nullptr) return;
    case_.devices = read_choices(d_, entry->value, schema::kDevices, "device")
                        .value_or(std::vector<std::string>{});
  }

  json read_timeout(const MapReader::Entry* entry) {
    case_.timeout_s = 300;
    if (entry == nullptr) return 300;
    std::optional<double> t = read_number(d_, entry->value);
    if (!t) return nullptr;
    if (*t <= 0) d_.error(entry->value.line, entry->value.path, "timeout must be > 0 seconds");
    case_.timeout_s = *t;
    if (kind_of(entry->value.node) == Kind::Int) return static_cast<std::int64_t>(*t);
    return *t;
  }

  // `memory_mb:` whole MiB (schema::memory_mb_error); null when absent.
  json read_memory_mb(const MapReader::Entry* entry) {
    if (entry == nullptr) return nullptr;
    std::optional<std::int64_t> mb = read_int(d_, entry->value);
    if (!mb) return nullptr;
    if (std::string problem = schema::memory_mb_error(*mb); !problem.empty()) {
      d_.error(entry->value.line, entry->value.path, problem);
      return nullptr;
    }
    case_.memory_mb = *mb;
    return *mb;
  }

  Diagnostics d_;
  std::string file_;
  const TagVocabulary& tags_;
  std::string name_;
  int name_line_ = 0;
  Case case_;
};

}  // namespace

CaseParseResult parse_case(std::string_view yaml_text, const std::string& file,
                           const TagVocabulary& tags) {
  return CaseReader(file, tags).read(yaml_text);
}

CaseParseResult parse_case_file(const std::filesystem::path& path, const std::string& file,
                                const TagVocabulary& tags) {
  std::optional<std::string> text = detail::read_file(path);
  if (!text) {
    CaseParseResult result;
    result.errors.push_back(CaseError{file, 0, "", "cannot read the file"});
    return result;
  }
  return parse_case(*text, file, tags);
}

}  // namespace exportcheck::catalog

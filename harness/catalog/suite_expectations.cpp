#include "harness/catalog/suite_expectations.h"

#include <algorithm>
#include <set>

#include "harness/catalog/catalog.h"
#include "harness/catalog/expect_parser.h"
#include "harness/catalog/schema.h"
#include "harness/catalog/yaml_document.h"

namespace exportcheck::catalog {
namespace {

std::vector<std::string> all_of(auto values) { return {values.begin(), values.end()}; }

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// {NAME: EXPECT_BLOCK} → name → expectations (and the line of each name).
void read_blocks(detail::Diagnostics& d, const detail::MapReader::Entry* block,
                 std::map<std::string, std::vector<Expectation>>& out, std::map<std::string, int>* lines) {
  using namespace detail;
  if (!block) return;
  std::optional<MapReader> m = MapReader::open_any(d, block->value);
  if (!m) return;
  const ExpectScope scope{all_of(schema::kModes), all_of(schema::kIrs), all_of(schema::kDevices)};
  for (const MapReader::Entry& entry : m->entries()) {
    out[entry.key] = parse_expect(d, entry.value, scope);
    if (lines) (*lines)[entry.key] = entry.key_line;
  }
}

}  // namespace

std::vector<Expectation> SuiteExpectations::for_case(std::string_view example, std::string_view support_level) const {
  std::vector<Expectation> out;
  std::set<std::string> keys;
  if (auto it = by_example.find(std::string(example)); it != by_example.end())
    for (const Expectation& e : it->second) {
      out.push_back(e);
      keys.insert(e.stage);
    }
  if (auto it = by_level.find(std::string(support_level)); it != by_level.end())
    for (const Expectation& e : it->second)
      if (!keys.count(e.stage)) {
        out.push_back(e);
        keys.insert(e.stage);
      }
  // every_case states what holds for the whole suite (no goldens; no strict
  // core_aten program in the model suites): it yields only to an entry for
  // the same variant, so an example narrowed to one mode keeps the rest.
  const std::size_t named = out.size();
  for (const Expectation& e : every_case)
    if (std::none_of(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(named),
                     [&](const Expectation& o) { return o.same_variant(e); }))
      out.push_back(e);
  return out;
}

std::string suite_expectations_file(std::string_view suite) { return "cases/suites/" + std::string(suite) + ".yaml"; }

SuiteExpectations parse_suite_expectations(std::string_view yaml_text, const std::string& file,
                                           std::vector<CaseError>& errors) {
  using namespace detail;
  SuiteExpectations x;
  x.file = file;
  Diagnostics d(file);
  if (std::optional<YAML::Node> doc = load_document(d, yaml_text)) {
    if (std::optional<MapReader> top =
            MapReader::open(d, Value{*doc, "", 1}, {"memory_mb", "keep_archives", "every_case", "support_level", "examples"})) {
      if (const MapReader::Entry* memory = top->find("memory_mb")) {
        if (std::optional<std::int64_t> mb = read_int(d, memory->value)) {
          if (std::string problem = schema::memory_mb_error(*mb); !problem.empty())
            d.error(memory->value.line, memory->value.path, problem);
          else
            x.memory_mb = *mb;
        }
      }
      if (const MapReader::Entry* keep = top->find("keep_archives")) {
        if (std::optional<std::string> text = read_string(d, keep->value)) {
          x.keep_archives = parse_keep_archives(*text);
          if (!x.keep_archives)
            d.error(keep->value.line, keep->value.path, "expected all or failing, got '" + *text + "'");
        }
      }
      if (const MapReader::Entry* every = top->find("every_case")) {
        const ExpectScope scope{all_of(schema::kModes), all_of(schema::kIrs), all_of(schema::kDevices)};
        x.every_case = parse_expect(d, every->value, scope);
      }
      read_blocks(d, top->find("support_level"), x.by_level, nullptr);
      read_blocks(d, top->find("examples"), x.by_example, &x.example_line);
    }
  }
  for (CaseError& e : d.take()) errors.push_back(std::move(e));
  return x;
}

SuiteExpectations load_suite_expectations(const std::filesystem::path& root, std::string_view suite) {
  const std::string file = suite_expectations_file(suite);
  const std::filesystem::path path = root / file;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    SuiteExpectations none;
    none.file = file;
    return none;
  }
  std::optional<std::string> text = detail::read_file(path);
  if (!text) throw CatalogError("cannot read " + path.string());
  std::vector<CaseError> errors;
  SuiteExpectations x = parse_suite_expectations(*text, file, errors);
  if (!errors.empty()) {
    std::string message = "the expectations of suite " + std::string(suite) + " are broken:";
    for (const CaseError& e : errors) message += "\n  " + e.str();
    throw CatalogError(message);
  }
  return x;
}

void apply_suite_expectations(Catalog& catalog, std::string_view suite, const SuiteExpectations& expectations,
                              const std::vector<std::string>& listed_elsewhere) {
  const std::string prefix = std::string(suite) + "/";
  std::set<std::string> seen;
  for (const std::string& name : listed_elsewhere)
    if (name.rfind(prefix, 0) == 0) seen.insert(name.substr(prefix.size()));
  for (const BrokenCase& b : catalog.broken)
    if (b.name.rfind(prefix, 0) == 0) seen.insert(b.name.substr(prefix.size()));
  std::vector<Case> kept;
  for (Case& c : catalog.cases) {
    if (c.name.rfind(prefix, 0) != 0) {
      kept.push_back(std::move(c));
      continue;
    }
    const std::string example = c.name.substr(prefix.size());
    seen.insert(example);
    c.suite_memory_mb = expectations.memory_mb;
    c.suite_keep_archives = expectations.keep_archives;
    const std::string level = c.normalized.value("support_level", nlohmann::json()).is_string()
                                  ? c.normalized["support_level"].get<std::string>()
                                  : std::string();
    std::vector<CaseError> errors;
    for (Expectation& e : expectations.for_case(example, level)) {
      auto error = [&](const std::string& field, const std::string& message) {
        errors.push_back({expectations.file, e.line, field, message});
      };
      if (e.mode && !has(c.modes, *e.mode)) {
        error("expect." + e.stage + ".mode", c.name + " does not export in mode " + *e.mode);
      } else if (e.ir && !has(c.irs, *e.ir)) {
        error("expect." + e.stage + ".ir", c.name + " does not produce ir " + *e.ir);
      } else if (std::any_of(c.expect.begin(), c.expect.end(), [&](const Expectation& o) { return o.same_variant(e); })) {
        error("expect." + e.stage, c.name + " already has an expectation for the same stage, mode, ir and torch range");
      } else {
        c.expect.push_back(std::move(e));
      }
    }
    if (errors.empty())
      kept.push_back(std::move(c));
    else
      catalog.broken.push_back({c.name, c.file, std::move(errors)});
  }
  catalog.cases = std::move(kept);
  for (const auto& [example, line] : expectations.example_line)
    if (!seen.count(example))
      catalog.broken.push_back({prefix + example, expectations.file,
                                {{expectations.file, line, "examples." + example,
                                  "the suite has no example " + example + " (a typo, or one the installed torch lacks)"}}});
  std::sort(catalog.broken.begin(), catalog.broken.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
}

}  // namespace exportcheck::catalog

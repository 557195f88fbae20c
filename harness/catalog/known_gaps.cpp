#include "harness/catalog/known_gaps.h"

#include "harness/catalog/catalog.h"
#include "harness/catalog/expect_parser.h"
#include "harness/catalog/schema.h"
#include "harness/catalog/yaml_document.h"

namespace exportcheck::catalog {
namespace {

std::vector<std::string> all_of(auto values) { return {values.begin(), values.end()}; }

bool explains_every_line(const Expectation& gap, std::string_view message) {
  bool any = false;
  for (std::size_t start = 0; start <= message.size();) {
    const std::size_t nl = message.find('\n', start);
    const std::string_view line = message.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (!line.empty()) {
      if (!gap.matches_message(line)) return false;
      any = true;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return any;
}

}  // namespace

const Expectation* KnownGaps::explain(std::string_view stage_id, std::string_view mode, std::string_view ir,
                                      std::string_view torch_version, std::string_view message) const {
  return find_best_expectation(expect, stage_id, mode, ir, torch_version,
                               [&](const Expectation& e) { return explains_every_line(e, message); });
}

KnownGaps parse_known_gaps(std::string_view yaml_text, const std::string& file, std::vector<CaseError>& errors) {
  using namespace detail;
  KnownGaps gaps;
  gaps.file = file;
  Diagnostics d(file);
  if (std::optional<YAML::Node> doc = load_document(d, yaml_text)) {
    std::optional<MapReader> top = MapReader::open(d, Value{*doc, "", 1}, {"expect"}, {"expect"});
    if (const MapReader::Entry* entry = top ? top->find("expect") : nullptr) {
      const ExpectScope scope{all_of(schema::kModes), all_of(schema::kIrs), all_of(schema::kDevices)};
      for (Expectation& e : parse_expect(d, entry->value, scope)) {
        // unsupported/skip would silence a stage in every case; a gap without
        // a match would hide any failure of the stage, not just this one.
        if (e.verdict != "xfail")
          d.error(e.line, "expect." + e.stage + ".verdict", "a known gap is verdict xfail (got " + e.verdict + ")");
        else if (!e.match)
          d.error(e.line, "expect." + e.stage + ".match", "a known gap needs a match: the failure it explains");
        else
          gaps.expect.push_back(std::move(e));
      }
    }
  }
  for (CaseError& e : d.take()) errors.push_back(std::move(e));
  return gaps;
}

KnownGaps load_known_gaps(const std::filesystem::path& root) {
  const std::string file = "cases/" + std::string(kKnownGapsFile);
  const std::filesystem::path path = root / file;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return KnownGaps{file, {}};
  std::optional<std::string> text = detail::read_file(path);
  if (!text) throw CatalogError("cannot read " + path.string());
  std::vector<CaseError> errors;
  KnownGaps gaps = parse_known_gaps(*text, file, errors);
  if (!errors.empty()) {
    std::string message = "the known gaps are broken:";
    for (const CaseError& e : errors) message += "\n  " + e.str();
    throw CatalogError(message);
  }
  return gaps;
}

}  // namespace exportcheck::catalog

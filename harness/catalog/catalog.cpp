#include "harness/catalog/catalog.h"

#include <algorithm>
#include <map>
#include <system_error>

#include "harness/catalog/case_parser.h"

namespace exportcheck::catalog {
namespace {

namespace fs = std::filesystem;

TagVocabulary load_tags(const fs::path& root) {
  const fs::path path = root / "cases" / "tags.yaml";
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw CatalogError("missing " + path.string() +
                       ": the closed tag vocabulary (tags: {name: description}) is required");
  }
  std::vector<CaseError> errors;
  TagVocabulary tags = load_tag_vocabulary(path, "cases/tags.yaml", errors);
  if (!errors.empty()) {
    std::string message = "the tag vocabulary is broken:";
    for (const CaseError& e : errors) message += "\n  " + e.str();
    throw CatalogError(message);
  }
  return tags;
}

// "cases/x.yaml" for files under root, the path as given otherwise.
std::string display_path(const fs::path& root, const fs::path& file) {
  const fs::path absolute = file.is_absolute() ? file : root / file;
  const fs::path relative = absolute.lexically_normal().lexically_relative(root.lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return file.generic_string();
  return relative.generic_string();
}

struct Parsed {
  std::string stem;
  std::string file;
  CaseParseResult result;
};

// Two files claiming one name: the file whose stem is that name keeps it,
// the others (whose name: is wrong anyway) are broken; with no such file,
// all of them are.
void report_duplicates(std::vector<Parsed>& parsed) {
  std::map<std::string, std::vector<Parsed*>> by_name;
  for (Parsed& p : parsed) {
    if (!p.result.name.empty()) by_name[p.result.name].push_back(&p);
  }
  for (auto& [name, group] : by_name) {
    if (group.size() < 2) continue;
    const bool one_owner =
        std::count_if(group.begin(), group.end(), [&](Parsed* p) { return p->stem == name; }) == 1;
    for (Parsed* p : group) {
      if (one_owner && p->stem == name) continue;
      std::string others;
      for (Parsed* q : group) {
        if (q != p) others += (others.empty() ? "" : ", ") + q->file;
      }
      p->result.errors.push_back(
          CaseError{p->file, p->result.name_line, "name", "duplicate case name '" + name + "' (also in " + others + ")"});
      p->result.parsed.reset();
    }
  }
}

}  // namespace

const Case* Catalog::find(std::string_view name) const {
  auto it = std::find_if(cases.begin(), cases.end(), [&](const Case& c) { return c.name == name; });
  return it == cases.end() ? nullptr : &*it;
}

Catalog load_catalog(const fs::path& root) {
  const fs::path dir = root / "cases";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw CatalogError("no cases folder at " + dir.string());
  std::vector<fs::path> files;
  fs::directory_iterator it(dir, ec);
  if (ec) throw CatalogError("cannot list " + dir.string() + ": " + ec.message());
  for (const fs::directory_entry& entry : it) {
    const fs::path& path = entry.path();
    const std::string ext = path.extension().string();
    if ((ext == ".yaml" || ext == ".yml") && path.filename() != "tags.yaml" &&
        path.filename() != kKnownGapsFile && !entry.is_directory(ec)) {
      files.push_back(fs::path("cases") / path.filename());  // relative to root
    }
  }
  return load_catalog_files(root, files);
}

Catalog load_catalog_files(const fs::path& root, const std::vector<fs::path>& files) {
  Catalog catalog;
  catalog.tags = load_tags(root);
  catalog.gaps = load_known_gaps(root);
  std::vector<Parsed> parsed;
  for (const fs::path& file : files) {
    Parsed p;
    p.stem = file.stem().string();
    p.file = display_path(root, file);
    if (file.extension() == ".yml") {
      // Only *.yaml is globbed by tools and docs; say so instead of skipping it.
      p.result.errors.push_back(CaseError{p.file, 0, "", "case files end in .yaml; rename it to " +
                                                             p.stem + ".yaml"});
    } else {
      p.result = parse_case_file(file.is_absolute() ? file : root / file, p.file, catalog.tags);
    }
    parsed.push_back(std::move(p));
  }
  report_duplicates(parsed);
  for (Parsed& p : parsed) {
    if (p.result.parsed) {
      catalog.cases.push_back(std::move(*p.result.parsed));
    } else {
      catalog.broken.push_back(BrokenCase{p.stem, p.file, std::move(p.result.errors)});
    }
  }
  std::sort(catalog.cases.begin(), catalog.cases.end(),
            [](const Case& a, const Case& b) { return a.name < b.name; });
  std::stable_sort(catalog.broken.begin(), catalog.broken.end(),
                   [](const BrokenCase& a, const BrokenCase& b) { return a.name < b.name; });
  return catalog;
}

}  // namespace exportcheck::catalog

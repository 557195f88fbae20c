#include "harness/archive/pt2_layout.h"

#include <algorithm>

#include "harness/archive/zip_archive.h"

namespace exportcheck {

std::string pt2_top_folder(const ZipArchive& archive) {
  if (archive.entries().empty()) throw ArchiveError(archive.label(), "", "archive has no entries");
  std::string top;
  for (const ZipEntry& e : archive.entries()) {
    const auto slash = e.name.find('/');
    if (slash == std::string::npos || slash == 0)
      throw ArchiveError(archive.label(), e.name, "entry is not inside a top folder");
    const std::string folder = e.name.substr(0, slash);
    if (top.empty()) top = folder;
    else if (folder != top)
      throw ArchiveError(archive.label(), e.name, "second top folder '" + folder + "' (first was '" + top + "')");
  }
  return top;
}

std::vector<ModelEntry> pt2_model_entries(const ZipArchive& archive) {
  const std::string prefix = pt2_top_folder(archive) + "/models/";
  const std::string suffix = ".json";
  std::vector<ModelEntry> models;
  for (const ZipEntry& e : archive.entries()) {
    if (e.name.size() <= prefix.size() + suffix.size() || !e.name.starts_with(prefix) || !e.name.ends_with(suffix))
      continue;
    std::string name = e.name.substr(prefix.size(), e.name.size() - prefix.size() - suffix.size());
    if (name.find('/') != std::string::npos) continue;  // only direct children
    models.push_back({std::move(name), e.name});
  }
  std::sort(models.begin(), models.end(), [](const ModelEntry& a, const ModelEntry& b) { return a.name < b.name; });
  return models;
}

ModelEntry pt2_model_entry(const ZipArchive& archive, const std::string& name) {
  const std::vector<ModelEntry> models = pt2_model_entries(archive);
  const std::string wanted = pt2_top_folder(archive) + "/models/" + (name.empty() ? "model" : name) + ".json";
  if (models.empty()) throw ArchiveError(archive.label(), wanted, "archive has no model JSON");
  if (name.empty()) return models.front();
  for (const ModelEntry& m : models)
    if (m.name == name) return m;
  throw ArchiveError(archive.label(), wanted, "no such model JSON");
}

}  // namespace exportcheck

#pragma once
// Where things live inside a PT2 archive: one top folder (named after the file
// torch.export.save wrote) holding models/<name>.json, data/, archive_format...
#include <string>
#include <vector>

namespace exportcheck {

class ZipArchive;

struct ModelEntry {
  std::string name;   // "model" for torch.export.save archives
  std::string entry;  // "<top>/models/<name>.json"
};

// The single folder every entry sits under; ArchiveError if the archive is
// empty, has entries at its root or more than one top folder.
std::string pt2_top_folder(const ZipArchive& archive);

// Model JSON entries directly under <top>/models/, sorted by name. Empty if none.
std::vector<ModelEntry> pt2_model_entries(const ZipArchive& archive);

// The entry of one model (name "" = the first); ArchiveError if it is missing.
ModelEntry pt2_model_entry(const ZipArchive& archive, const std::string& name = "");

}  // namespace exportcheck

#pragma once
// Writes a zip with stored (uncompressed) entries, the way torch.export.save
// does: used to rewrite archives and to build damaged archives in tests.
#include <string>
#include <vector>

namespace exportcheck {

struct ZipWriteEntry {
  std::string name;
  std::string data;
};

// Replaces `path`; ArchiveError (naming the entry where it can) on failure.
void write_zip(const std::string& path, const std::vector<ZipWriteEntry>& entries);

}  // namespace exportcheck

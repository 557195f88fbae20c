#include "harness/validate/sample_inputs.h"

#include "harness/archive/zip_archive.h"

namespace exportcheck::validate {

std::string torch_save_container_problem(const std::string& bytes, const std::string& label) {
  try {
    const ZipArchive zip = ZipArchive::from_buffer(bytes, label);
    if (zip.entries().empty()) return "torch.save container has no entries";
    const std::string& first = zip.entries().front().name;
    const auto slash = first.find('/');
    if (slash == std::string::npos || slash == 0) return "torch.save container entry '" + first + "' is not in a folder";
    const std::string top = first.substr(0, slash);
    for (const ZipEntry& e : zip.entries())
      if (!e.name.starts_with(top + "/")) return "torch.save container has a second top folder: '" + e.name + "'";
    const std::string pickle_entry = top + "/data.pkl";
    if (!zip.contains(pickle_entry)) return "torch.save container has no " + pickle_entry;
    const std::string pickle = zip.read(pickle_entry);
    // Protocol 2+ pickles start with PROTO (0x80) and every pickle ends with STOP ('.').
    if (pickle.size() < 3 || static_cast<unsigned char>(pickle[0]) != 0x80 || pickle.back() != '.')
      return "torch.save container's data.pkl is not a whole pickle";
    for (const ZipEntry& e : zip.entries()) zip.read_chunks(e.name, [](std::string_view) {});
  } catch (const ArchiveError& e) {
    return "not a torch.save container: " + e.message() + (e.entry().empty() ? "" : " (" + e.entry() + ")");
  }
  return "";
}

}  // namespace exportcheck::validate

#include "harness/run/compat_sources.h"

#include <algorithm>
#include <stdexcept>

#include "harness/catalog/schema.h"
#include "harness/report/summary_json.h"
#include "harness/run/torch_release.h"

namespace exportcheck::run {
namespace fs = std::filesystem;

std::vector<CompatSource> frozen_sources(const fs::path& frozen_root) {
  std::vector<CompatSource> out;
  std::error_code ec;
  if (!fs::is_directory(frozen_root, ec)) return out;
  for (const auto& entry : fs::directory_iterator(frozen_root)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && catalog::schema::is_release(name))
      out.push_back({name, entry.path(), "golden/archives/" + name});
  }
  std::sort(out.begin(), out.end(), [](const CompatSource& a, const CompatSource& b) { return a.release < b.release; });
  return out;
}

CompatSource run_source(const fs::path& run_dir) {
  std::string torch;
  for (const char* header : {"summary.json", "run.json"}) {
    if (!fs::is_regular_file(run_dir / header)) continue;
    try {
      torch = report::read_summary(run_dir / header).run.torch;
    } catch (const std::exception& e) {
      throw std::runtime_error((run_dir / header).string() + ": " + e.what());
    }
    if (!torch.empty()) break;
  }
  if (torch.empty())
    throw std::runtime_error(run_dir.string() + ": not a finished run folder (no summary.json or run.json naming its torch)");
  if (!fs::is_directory(run_dir / "cases")) throw std::runtime_error(run_dir.string() + ": has no cases/ folder");
  const std::string release = torch_release(torch);
  if (!catalog::schema::is_release(release))
    throw std::runtime_error(run_dir.string() + ": its torch '" + torch + "' is not a release such as 2.13.0");
  return {release, run_dir / "cases", "run " + run_dir.string()};
}

std::vector<CompatSource> merge_sources(std::vector<CompatSource> explicit_sources, const std::vector<CompatSource>& frozen) {
  for (const CompatSource& f : frozen) {
    const bool covered = std::any_of(explicit_sources.begin(), explicit_sources.end(),
                                     [&](const CompatSource& e) { return e.release == f.release; });
    if (!covered) explicit_sources.push_back(f);
  }
  return explicit_sources;
}

std::vector<CompatProgram> compat_programs(const std::vector<CompatSource>& sources, const std::string& case_name,
                                           const std::vector<std::string>& modes, const std::vector<std::string>& irs) {
  std::vector<CompatProgram> out;
  for (const CompatSource& s : sources) {
    const fs::path dir = s.cases_dir / case_name;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const std::string& mode : modes)
      for (const std::string& ir : irs) {
        const fs::path archive = dir / mode / (ir + ".pt2");
        if (!fs::is_regular_file(archive, ec)) continue;
        const fs::path bundle = dir / mode / "replay.pt";
        out.push_back({s.release, mode, ir, archive, fs::is_regular_file(bundle, ec) ? bundle : fs::path(), s.origin});
      }
  }
  return out;
}

}  // namespace exportcheck::run

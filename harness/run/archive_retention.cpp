#include "harness/run/archive_retention.h"

#include "harness/report/case_verdict.h"

namespace exportcheck::run {

namespace fs = std::filesystem;

catalog::KeepArchives case_keep_archives(const catalog::Case& c, std::optional<catalog::KeepArchives> run_option) {
  if (run_option) return *run_option;
  return c.suite_keep_archives.value_or(catalog::KeepArchives::All);
}

bool removes_archives(catalog::KeepArchives keep, const std::vector<report::StageResult>& results) {
  return keep == catalog::KeepArchives::Failing && report::tally(results).failed == 0;
}

Removed remove_case_archives(const fs::path& case_dir) {
  Removed removed;
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (fs::recursive_directory_iterator it(case_dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    if (p.extension() == ".pt2" || p.extension() == ".pt") doomed.push_back(p);
  }
  for (const fs::path& p : doomed) {
    const std::uintmax_t size = fs::file_size(p, ec);
    if (ec) continue;
    if (fs::remove(p, ec) && !ec) {
      ++removed.files;
      removed.bytes += size;
    }
  }
  return removed;
}

}  // namespace exportcheck::run

#include "harness/run/torch_release.h"

#include <cctype>
#include <fstream>

namespace exportcheck::run {

std::string torch_release(std::string_view version) {
  std::string out;
  size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (i >= version.size() || version[i] != '.') return "";
      out += '.';
      ++i;
    }
    const size_t start = i;
    while (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i]))) ++i;
    if (i == start) return "";
    out.append(version.substr(start, i - start));
  }
  // What may follow the release: nothing, a local suffix, a pre-release or dev part.
  if (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i]))) return "";
  return out;
}

namespace {
// The torch release requirements.txt pins (its `torch==X` line): build/ is its build.
std::string pinned_release(const std::filesystem::path& source_root) {
  std::ifstream in(source_root / "requirements.txt");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("torch==", 0) == 0) return torch_release(line.substr(7));
  return "";
}
}  // namespace

std::string torch_mismatch(const std::string& built, const std::string& worker_torch, const std::string& python,
                           const std::filesystem::path& source_root) {
  const std::string want = torch_release(built), have = torch_release(worker_torch);
  if (want.empty() || have.empty() || want == have) return "";
  std::string use;
  std::error_code ec;
  const std::filesystem::path other =
      std::filesystem::path(have == pinned_release(source_root) ? "build" : "build-" + have) / "exportcheck";
  if (!source_root.empty() && std::filesystem::exists(source_root / other, ec))
    use = "use " + (source_root / other).string();
  else
    use = "use an exportcheck built against torch " + have + " (scripts/setup --torch " + have + " builds " +
          other.string() + ")";
  return "this exportcheck was built against LibTorch " + built + " but " + python + " has torch " + worker_torch +
         ": " + use + ", or EXPORTCHECK_TORCH=" + have + " for scripts/run and scripts/gate, or a --python " +
         "(EXPORTCHECK_PYTHON) with torch " + want + ". Nothing was run.";
}

}  // namespace exportcheck::run

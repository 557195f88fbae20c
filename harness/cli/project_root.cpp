#include "harness/cli/project_root.h"

#include <cstdlib>

namespace exportcheck::cli {

std::filesystem::path self_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("exportcheck") : p;
}

std::filesystem::path find_root(const std::optional<std::string>& flag) {
  if (flag) return std::filesystem::absolute(*flag);
  if (const char* env = std::getenv("EXPORTCHECK_ROOT"); env && *env) return std::filesystem::absolute(env);
  auto cwd = std::filesystem::current_path();
  if (std::filesystem::is_directory(cwd / "cases")) return cwd;
  auto beside = self_executable().parent_path().parent_path();
  if (std::filesystem::is_directory(beside / "cases")) return beside;
  return cwd;
}

std::filesystem::path find_source_root(const std::filesystem::path& root) {
  if (const char* env = std::getenv("EXPORTCHECK_SOURCE"); env && *env) return std::filesystem::absolute(env);
  auto beside = self_executable().parent_path().parent_path();
  if (std::filesystem::is_directory(beside / "exporter")) return beside;
  return root;
}

std::string default_python(const std::filesystem::path& executable, const std::filesystem::path& source) {
  std::error_code ec;
  const auto build = executable.parent_path();
  const std::string build_name = build.filename().string();
  if (build_name.rfind("build-", 0) == 0 && build_name.size() > 6 &&
      std::filesystem::equivalent(build.parent_path(), source, ec)) {
    auto own = source / (".venv-" + build_name.substr(6)) / "bin" / "python";
    if (std::filesystem::exists(own, ec)) return own.string();
  }
  auto venv = source / ".venv" / "bin" / "python";
  if (std::filesystem::exists(venv, ec)) return venv.string();
  return "python3";
}

std::string find_python(const std::optional<std::string>& flag, const std::filesystem::path& root) {
  if (flag) return *flag;
  if (const char* env = std::getenv("EXPORTCHECK_PYTHON"); env && *env) return env;
  return default_python(self_executable(), find_source_root(root));
}

}  // namespace exportcheck::cli

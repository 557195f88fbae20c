#pragma once
// The exportcheck binary run from a folder (default: the source root), as a
// user runs it: its exit code and what it printed (stdout and stderr together).
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace exportcheck::testing {

struct CommandResult {
  int code;
  std::string output;
};

// `prefix_binary` false: `args` is the whole command line (e.g. behind `env`).
inline CommandResult run_exportcheck(const std::string& args, const std::string& dir = EXPORTCHECK_SOURCE_DIR,
                                     bool prefix_binary = true) {
  std::string cmd = "cd '" + dir + "' && " + (prefix_binary ? "'" + std::string(EXPORTCHECK_BINARY) + "' " : "") +
                    args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  CommandResult r{-1, ""};
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A copy of tests/data/catalogs/<catalog> as a project root of its own (its
// fake workers, its cases), named after the running test so that tests in
// parallel CTest processes never share one; removed when it goes.
class CopiedRoot {
 public:
  explicit CopiedRoot(const std::string& catalog)
      : path_(std::filesystem::temp_directory_path() /
              ("exportcheck-" + catalog + "-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(path_);
    std::filesystem::copy(std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/catalogs" / catalog, path_,
                          std::filesystem::copy_options::recursive);
  }
  ~CopiedRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  CopiedRoot(const CopiedRoot&) = delete;
  CopiedRoot& operator=(const CopiedRoot&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace exportcheck::testing

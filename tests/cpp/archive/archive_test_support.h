#pragma once
// Paths and scratch files for the archive tests.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace exportcheck::testing {

inline std::filesystem::path reference_archives() {
  return std::filesystem::path(EXPORTCHECK_SHARED_DIR) / "reference" / "torch-2.11-archives";
}

inline std::filesystem::path fixture_archives() {
  return std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests" / "data" / "archives";
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

// A fresh folder per test binary run, removed at the end.
class ScratchDir {
 public:
  ScratchDir()
      : path_(std::filesystem::temp_directory_path() /
              ("exportcheck-test-" + std::to_string(::getpid()) + "-" + std::to_string(next_id()++))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

 private:
  static int& next_id() {
    static int id = 0;
    return id;
  }
  std::filesystem::path path_;
};

}  // namespace exportcheck::testing

#pragma once
// The exportcheck binary run from a folder (default: the source root), as a
// user runs it: its exit code and what it printed (stdout and stderr together).
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace exportcheck::testing {

struct CommandResult {
  int code;
  std::string output;
};

inline CommandResult run_exportcheck(const std::string& args, const std::string& dir = EXPORTCHECK_SOURCE_DIR) {
  std::string cmd = "cd '" + dir + "' && '" + EXPORTCHECK_BINARY + "' " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  CommandResult r{-1, ""};
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace exportcheck::testing

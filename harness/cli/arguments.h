#pragma once
// A small argv reader for the CLI: flags with values, repeatable flags,
// positionals, and clear usage errors (exit code 2).
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace exportcheck::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  Arguments(std::vector<std::string> args, std::string command) : args_(std::move(args)), command_(std::move(command)) {}

  bool flag(const std::string& name);                            // --name
  std::optional<std::string> value(const std::string& name);     // --name V or --name=V
  std::vector<std::string> values(const std::string& name);      // repeatable
  std::optional<std::string> positional();
  // Anything left over is an error.
  void finish() const;

 private:
  std::vector<std::string> args_;
  std::string command_;
};

}  // namespace exportcheck::cli

#include "harness/cli/arguments.h"

namespace exportcheck::cli {

bool Arguments::flag(const std::string& name) {
  for (auto it = args_.begin(); it != args_.end(); ++it) {
    if (*it == name) {
      args_.erase(it);
      return true;
    }
  }
  return false;
}

std::optional<std::string> Arguments::value(const std::string& name) {
  auto all = values(name);
  if (all.size() > 1) throw UsageError(command_ + ": " + name + " given more than once");
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<std::string> Arguments::values(const std::string& name) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args_.size();) {
    if (args_[i] == name) {
      if (i + 1 >= args_.size()) throw UsageError(command_ + ": " + name + " needs a value");
      out.push_back(args_[i + 1]);
      args_.erase(args_.begin() + static_cast<long>(i), args_.begin() + static_cast<long>(i) + 2);
    } else if (args_[i].rfind(name + "=", 0) == 0) {
      out.push_back(args_[i].substr(name.size() + 1));
      args_.erase(args_.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<std::string> Arguments::positional() {
  for (auto it = args_.begin(); it != args_.end(); ++it) {
    if (it->rfind("--", 0) != 0) {
      std::string v = *it;
      args_.erase(it);
      return v;
    }
  }
  return std::nullopt;
}

void Arguments::finish() const {
  if (!args_.empty()) throw UsageError(command_ + ": unknown argument '" + args_.front() + "' (see " + command_ + " --help)");
}

}  // namespace exportcheck::cli

#include "harness/validate/entry_names.h"

namespace exportcheck::validate {

std::string entry_name_problem(std::string_view name) {
  if (name.empty()) return "empty entry name";
  if (name.front() == '/') return "absolute entry name";
  if (name.size() >= 2 && name[1] == ':') return "entry name starts with a drive letter";
  for (char c : name) {
    if (c == '\\') return "entry name contains a backslash";
    if (c == '\0' || static_cast<unsigned char>(c) < 0x20) return "entry name contains a control character";
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = name.find('/', start);
    const std::string_view part = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "..") return "entry name contains a '..' component";
    if (part == ".") return "entry name contains a '.' component";
    if (part.empty() && slash != std::string_view::npos) return "entry name contains an empty component";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return "";
}

}  // namespace exportcheck::validate

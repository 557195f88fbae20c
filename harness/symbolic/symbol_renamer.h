#pragma once
// torch's symbols renamed in order of first use (s77 -> s0, u3 -> u0), so
// that golden IR does not depend on the numbering an export happened to pick.
#include <map>
#include <string>
#include <string_view>

namespace exportcheck::symbolic {

class SymbolRenamer {
 public:
  // "s77" -> "s0", "u3" -> "u0": each prefix counts from 0 in order of first
  // call. Names that are not letters followed by digits are kept as they are.
  std::string rename(const std::string& symbol);
  // Already renamed symbol, or "" if `symbol` has not been seen.
  std::string lookup(const std::string& symbol) const;
  // Renames symbol-like words in free text (assert messages, unparsable
  // expressions). Unseen words get a new name only when assign_new is set and
  // their prefix is one torch uses for symbols (s, u, zf, zuf, ps).
  std::string rename_words(std::string_view text, bool assign_new);

 private:
  std::map<std::string, std::string> names_;
  std::map<std::string, int> next_;
};

}  // namespace exportcheck::symbolic

#pragma once
// Zip entry names that an extracting reader could turn into a write outside
// its target folder ("zip slip") or that no writer of PT2 archives produces.
#include <string>
#include <string_view>

namespace exportcheck::validate {

// Why `name` is unsafe or malformed, or "" when it is fine.
std::string entry_name_problem(std::string_view name);

}  // namespace exportcheck::validate

#pragma once
#include <filesystem>
#include <string_view>

namespace exportcheck::report {
// Writes `path` via a temporary sibling and rename(2): readers see the old
// file or the new one, never a torn one.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);
}  // namespace exportcheck::report

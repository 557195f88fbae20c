#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace exportcheck::cli {
// --root, else $EXPORTCHECK_ROOT, else the current directory if it has
// cases/, else the parent of the folder holding this executable (build/..).
std::filesystem::path find_root(const std::optional<std::string>& flag);
// --python, else $EXPORTCHECK_PYTHON, else default_python(this executable,
// find_source_root(root)).
std::string find_python(const std::optional<std::string>& flag, const std::filesystem::path& root);
// The interpreter of a binary at `executable` by default: one built in
// <source>/build-VERSION/ (scripts/setup --torch VERSION) uses
// <source>/.venv-VERSION/bin/python, its own torch, when that exists; else
// <source>/.venv/bin/python when that exists; else python3 from PATH.
std::string default_python(const std::filesystem::path& executable, const std::filesystem::path& source);
std::filesystem::path self_executable();
// Where exporter/ lives: $EXPORTCHECK_SOURCE, else build/.. of this binary,
// else `root`. Lets a catalog outside the tree (tests, users) use the exporter.
std::filesystem::path find_source_root(const std::filesystem::path& root);
}  // namespace exportcheck::cli

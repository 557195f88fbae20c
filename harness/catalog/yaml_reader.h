// Internal to harness/catalog (includes yaml-cpp): reading YAML nodes with
// every problem recorded as a CaseError instead of thrown, so one pass over a
// file reports all of its problems.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "harness/catalog/case_error.h"

namespace exportcheck::catalog::detail {

using json = nlohmann::json;

// Collects the errors of one file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void error(int line, std::string field, std::string message);
  std::size_t count() const { return errors_.size(); }
  const std::string& file() const { return file_; }
  // Errors in line order (stable), so they read top to bottom like the file.
  std::vector<CaseError> take();

 private:
  std::string file_;
  std::vector<CaseError> errors_;
};

// A node with the field path and the line that errors about it name.
struct Value {
  YAML::Node node;
  std::string path;
  int line = 0;
};

std::string field_path(std::string_view parent, std::string_view key);  // "a.b"
std::string index_path(std::string_view parent, std::size_t index);     // "a[0]"

// 1-based line of a node; `fallback` for undefined nodes and for empty values
// (yaml-cpp marks `key:` with nothing after it at the next token).
int line_of(const YAML::Node& node, int fallback);

// Scalars are typed by the YAML 1.2 core schema: plain `3` is an int, `3.0`
// and `1e-5` floats, `true`/`false` bools, `~`/`null`/empty null; quoted text
// is always a string.
enum class Kind { Null, Bool, Int, Float, String, List, Map };
Kind kind_of(const YAML::Node& node);
std::string describe(const YAML::Node& node);  // "a list", "the string 'x'", "the int 3", ...

// Typed reads; each reports an error (and returns nullopt) on a wrong type.
std::optional<std::string> read_string(Diagnostics& d, const Value& v, bool allow_empty = false);
std::optional<std::int64_t> read_int(Diagnostics& d, const Value& v);
std::optional<double> read_number(Diagnostics& d, const Value& v);  // int or float
std::optional<bool> read_bool(Diagnostics& d, const Value& v);
// A list's items as Values (path "p[i]"), or nullopt after an error.
std::optional<std::vector<Value>> read_list(Diagnostics& d, const Value& v);

// A map's entries in file order. Opening it reports unknown keys (with the
// allowed ones), duplicate keys and missing required keys.
class MapReader {
 public:
  struct Entry {
    std::string key;
    int key_line = 0;
    Value value;
  };

  static std::optional<MapReader> open(Diagnostics& d, const Value& v,
                                       std::initializer_list<std::string_view> allowed,
                                       std::initializer_list<std::string_view> required = {});
  // A map whose keys are data (dict inputs, dims, kwargs): any key is allowed.
  static std::optional<MapReader> open_any(Diagnostics& d, const Value& v);

  const Entry* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  const std::vector<Entry>& entries() const { return entries_; }
  const Value& self() const { return self_; }

 private:
  static std::optional<MapReader> read(Diagnostics& d, const Value& v, bool any,
                                       std::initializer_list<std::string_view> allowed,
                                       std::initializer_list<std::string_view> required);
  Value self_;
  std::vector<Entry> entries_;
};

// Plain YAML data to JSON (model kwargs): ints stay ints, floats floats.
json to_json(Diagnostics& d, const Value& v);

bool is_identifier(std::string_view s);  // Python-style: [A-Za-z_][A-Za-z0-9_]*
// "pkg.module:Name" — an importable module and an attribute in it.
bool is_module_attribute(std::string_view s);
bool is_module_name(std::string_view s);  // "pkg.module"

}  // namespace exportcheck::catalog::detail

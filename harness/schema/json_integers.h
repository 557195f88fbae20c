#pragma once
// nlohmann turns an integer literal too large for int64 into a double, and
// reading that double into one of the export schema's int64 fields is
// undefined behaviour (UBSan; found by fuzz/fuzz_model_json). Every reader of
// model JSON checks with this first. A template because readers build
// nlohmann with different options (JSON_DIAGNOSTICS changes its ABI namespace).
#include <string>

namespace exportcheck::schema {

// Where the schema has doubles (F64); any other number is read as an integer.
inline bool is_float_field(const std::string& key) {
  return key == "as_float" || key == "as_floats" || key == "as_float_lists" || key == "real" || key == "imag";
}

// The JSON path of the first number outside int64 that is not in a float
// field ("" when there is none).
template <typename Json>
std::string out_of_range_integer(const Json& j, const std::string& path = "", const std::string& key = "",
                                 int depth = 0) {
  if (depth > 256) return "";
  if (j.is_number_float() && !is_float_field(key)) {
    const double v = j.template get<double>();
    if (!(v > -9.2e18 && v < 9.2e18)) return path.empty() ? "/" : path;
  }
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (std::string p = out_of_range_integer(j[i], path + "/" + std::to_string(i), key, depth + 1); !p.empty())
        return p;
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      if (std::string p = out_of_range_integer(v, path + "/" + k, k, depth + 1); !p.empty()) return p;
  }
  return "";
}

}  // namespace exportcheck::schema

// The closed value sets of case schema v1 (cases/README.md). One place, so the
// parser, its error messages and the runner agree on every spelling.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace exportcheck::catalog::schema {

inline constexpr std::array<std::string_view, 8> kStageRoots = {
    "export", "archive", "roundtrip", "golden", "replay", "guards", "sequence", "compat"};
// The checks of the roundtrip stage, recorded as `roundtrip:<check>`; an
// expectation may name one (`roundtrip:reload`) or all (`roundtrip`).
inline constexpr std::array<std::string_view, 3> kRoundtripChecks = {"validate", "bytes", "reload"};
// Stages that run once per runtime and device: `replay:<runtime>:<device>`.
inline constexpr std::array<std::string_view, 3> kPerRuntimeStages = {"replay", "guards", "sequence"};
inline constexpr std::array<std::string_view, 4> kRuntimes = {"module", "nativert", "cpp", "aoti"};
// Runtimes of `compat:<saved-by-version>:<runtime>`: archives another torch
// release saved, loaded by this one in Python and in the C++ executor.
inline constexpr std::array<std::string_view, 2> kCompatRuntimes = {"module", "cpp"};
// A release as compat stages name it: "2.11.0" (digits and dots, no local suffix).
inline bool is_release(std::string_view v) {
  if (v.empty() || v.front() == '.' || v.back() == '.') return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
         v.find("..") == std::string_view::npos;
}
inline constexpr std::array<std::string_view, 2> kDevices = {"cpu", "cuda"};
// Export modes, in the order they run: export.strict false, then true.
inline constexpr std::array<std::string_view, 2> kModes = {"nonstrict", "strict"};
inline constexpr std::array<std::string_view, 4> kIrs = {"training", "inference", "core_aten",
                                                          "custom"};
inline constexpr std::array<std::string_view, 3> kVerdicts = {"xfail", "unsupported", "skip"};
inline constexpr std::array<std::string_view, 11> kDtypes = {
    "float32", "float64", "float16", "bfloat16", "int8",     "int16",
    "int32",   "int64",   "uint8",   "bool",     "complex64"};
inline constexpr std::array<std::string_view, 7> kInits = {"randn", "rand",     "zeros",  "ones",
                                                            "arange", "positive", "randint"};
// Dim names that mean a hint (Dim.AUTO / DYNAMIC / STATIC), never a named Dim.
inline constexpr std::array<std::string_view, 3> kHints = {"auto", "dynamic", "static"};

// `memory_mb:` (of a case, a normalized case or a suite): whole MiB, at
// least 1 and at most 4 TiB (a larger number is most likely bytes or KiB).
inline constexpr std::int64_t kMaxMemoryMb = std::int64_t{4} << 20;
// "" when `mb` is a usable memory_mb, else what is wrong with it.
inline std::string memory_mb_error(std::int64_t mb) {
  if (mb < 1) return "memory_mb must be at least 1 (MiB), got " + std::to_string(mb);
  if (mb > kMaxMemoryMb)
    return "memory_mb " + std::to_string(mb) + " is more than 4 TiB: it is in MiB (2048 is 2 GiB)";
  return "";
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

// "a, b, c" for error messages.
template <std::size_t N>
std::string join(const std::array<std::string_view, N>& set) {
  std::string out;
  for (std::string_view v : set) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

}  // namespace exportcheck::catalog::schema

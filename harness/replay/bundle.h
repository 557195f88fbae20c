#pragma once
// Replay bundles, format 2 (BUNDLE.md): what the export worker wrote with
// torch.save, read here with torch::jit::pickle_load into typed samples.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/ivalue.h>
#include <nlohmann/json.hpp>

namespace exportcheck::replay {

// Unreadable or malformed bundle; the message names the file and the field
// ("<path>: samples[2].outputs.cpu: expected a list, got str").
struct BundleError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SymbolRange {
  std::int64_t min = 0;
  std::optional<std::int64_t> max;  // none: unbounded
};

struct Sample {
  std::string label;                                        // example | min:s0 | ...
  std::vector<std::pair<std::string, std::int64_t>> sizes;  // symbol -> value, bundle order
  std::vector<c10::IValue> inputs;                          // flat user inputs (CPU)
  std::map<std::string, std::vector<c10::IValue>> outputs;  // device -> flat eager outputs (CPU)
  std::map<std::string, std::vector<std::string>> output_devices;  // device -> where eager had each ("" non-tensor)
};

struct GuardSample {
  std::string label;   // below-min:s0 | above-max:s0
  std::string symbol;
  std::int64_t value = 0;
  std::string bound;   // "min 2" | "max 1024"
  std::vector<c10::IValue> inputs;
};

// The `sequence` stage's reference (BUNDLE.md, optional key "sequence"): one
// eager model called with every sample in order, per device.
struct SequenceReference {
  std::map<std::string, std::vector<std::vector<c10::IValue>>> outputs;  // device -> per call: flat outputs (CPU)
  std::map<std::string, std::map<std::string, at::Tensor>> buffers;      // device -> FQN -> value after the last call (CPU)
  std::map<std::string, std::string> errors;                             // device -> why eager has no sequence there
};

struct Bundle {
  std::filesystem::path path;
  std::string case_name;
  std::string mode;
  std::string in_spec, out_spec;
  std::map<std::string, SymbolRange> symbols;
  nlohmann::json eager;  // device -> {"ok": bool, "reason": ..., ...}
  std::vector<Sample> samples;
  std::vector<GuardSample> guards;
  // Why outputs are compared on shape, dtype and device only (a random op); none: values too.
  std::optional<std::string> unchecked_values;
  // None when the bundle has no `sequence` key (an older exporter).
  std::optional<SequenceReference> sequence;
  c10::IValue raw;  // the whole unpickled dict (repro bundles keep every key)
};

// Reads and checks a format-2 bundle. Throws BundleError.
Bundle read_bundle(const std::filesystem::path& path);

// "s0=1, s1=32" in the given order (empty when the sample has no symbols).
std::string describe_sizes(const std::vector<std::pair<std::string, std::int64_t>>& sizes);
// Why a device has no eager outputs, from the bundle's eager status ("not requested" when absent).
std::string eager_reason(const Bundle& bundle, const std::string& device);

// torch.save-format files (zip) in and out, via torch::jit::pickle_load/_save.
// Throws BundleError naming the file.
c10::IValue load_pickle_file(const std::filesystem::path& path);
void save_pickle_file(const std::filesystem::path& path, const c10::IValue& value);

// An IValue of the bundle's plain kinds (dict/list/tuple/str/int/float/bool/None) as JSON;
// tensors become "<tensor ...>".
nlohmann::json ivalue_to_json(const c10::IValue& value);

}  // namespace exportcheck::replay

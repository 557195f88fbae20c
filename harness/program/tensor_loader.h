#pragma once
// Weights and constants of a PT2 archive as tensors: each payload file is a
// flat storage read once (entries sharing a file alias it, as in Python's
// torch.export.load), each entry a view of it by its tensor_meta (dtype,
// sizes, strides, storage offset); use_pickle entries go through
// torch::jit::pickle_load. Failures are LoadError naming the entry.
// From a mapped archive (ZipArchive::map + StoredEntries) the flat storages
// are the archive's own bytes (zero-copy), except where the layout forbids
// it: a compressed entry, an offset not aligned for the dtype, or a byte
// order other than this machine's (then copied, and byte-swapped).
#include <map>
#include <optional>
#include <set>
#include <string>

#include <ATen/core/Tensor.h>
#include <ATen/core/ivalue.h>
#include <c10/core/Device.h>

#include "harness/validate/schema_reader.h"

namespace exportcheck {
class ZipArchive;
}

namespace exportcheck::program {

class StoredEntries;

// A torch.save container (zip) as an IValue, like torch::jit::pickle_load, but
// with every storage restored on `device` when given (map_location): a file
// saved from CUDA tensors loads on a machine without CUDA. Throws c10::Error
// (or std::exception) when the bytes are no such container or hold a type
// C++ cannot rebuild (a Python dataclass).
c10::IValue unpickle(const std::string& bytes, std::optional<c10::Device> device);

// One tensor of `layout` from the flat storage `bytes` (the file `entry`),
// on `device`. LoadError if the bytes are too few for the layout, not a
// whole number of elements, or the dtype is unknown.
at::Tensor tensor_from_bytes(const std::string& bytes, const validate::TensorLayout& layout, c10::Device device,
                             const std::string& entry);

struct Payloads {
  std::map<std::string, at::Tensor> tensors;  // FQN -> tensor on the device
  std::set<std::string> objects;              // FQNs of custom/opaque objects (not loaded)
};

// Every entry of `config_entry` (e.g. "<top>/data/weights/model_weights_config.json")
// whose files lie in `directory` ("<top>/data/weights/"). A missing config is
// an empty set of payloads. With `mapped` (the StoredEntries of the same
// mapped archive), stored payloads become tensors over the mapping.
Payloads load_payloads(const ZipArchive& archive, const std::string& config_entry, const std::string& directory,
                       c10::Device device, const StoredEntries* mapped = nullptr);

}  // namespace exportcheck::program

#pragma once
// Bytes a strided tensor reaches in its storage, from the schema's dtype
// number, sizes, strides and storage offset (what a weight file must hold).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace exportcheck::validate {

// Element size of the schema's ScalarType number; nullopt for UNKNOWN and
// numbers no schema version defines.
std::optional<std::uint64_t> element_size(std::int64_t dtype);

struct BytesNeeded {
  std::uint64_t bytes = 0;
  std::string problem;  // non-empty: the layout itself is invalid (negative size, overflow...)
};

// (storage_offset + sum((size_i - 1) * stride_i) + 1) * element size, or 0
// for a tensor with no elements.
BytesNeeded bytes_needed(std::uint64_t element_size, const std::vector<std::int64_t>& sizes,
                         const std::vector<std::int64_t>& strides, std::int64_t storage_offset);

}  // namespace exportcheck::validate

#include "harness/validate/tensor_bytes.h"

namespace exportcheck::validate {

std::optional<std::uint64_t> element_size(std::int64_t dtype) {
  // Numbers from torch/_export/serde/schema.py ScalarType (stable across versions).
  switch (dtype) {
    case 1: case 2: case 12: return 1;   // uint8, int8, bool
    case 29: case 30: case 31: case 32: case 33: return 1;  // float8 variants
    case 3: case 6: case 13: case 28: return 2;  // int16, float16, bfloat16, uint16
    case 4: case 7: case 34: case 9: return 4;   // int32, float32, uint32, complex32
    case 5: case 8: case 10: case 35: return 8;  // int64, float64, complex64, uint64
    case 11: return 16;                          // complex128
    default: return std::nullopt;
  }
}

BytesNeeded bytes_needed(std::uint64_t element_size, const std::vector<std::int64_t>& sizes,
                         const std::vector<std::int64_t>& strides, std::int64_t storage_offset) {
  if (sizes.size() != strides.size())
    return {0, std::to_string(sizes.size()) + " sizes but " + std::to_string(strides.size()) + " strides"};
  if (storage_offset < 0) return {0, "negative storage_offset " + std::to_string(storage_offset)};
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 0) return {0, "negative size " + std::to_string(sizes[i]) + " in dimension " + std::to_string(i)};
    if (sizes[i] == 0) return {0, ""};
  }
  // Checked arithmetic: a damaged meta must not wrap around to a small size.
  unsigned __int128 last = static_cast<std::uint64_t>(storage_offset);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (strides[i] < 0) return {0, "negative stride " + std::to_string(strides[i]) + " in dimension " + std::to_string(i)};
    last += static_cast<unsigned __int128>(sizes[i] - 1) * static_cast<std::uint64_t>(strides[i]);
    if (last >> 62) return {0, "the layout reaches past 2^62 elements"};
  }
  const unsigned __int128 bytes = (last + 1) * element_size;
  if (bytes >> 63) return {0, "the layout needs more than 2^63 bytes"};
  return {static_cast<std::uint64_t>(bytes), ""};
}

}  // namespace exportcheck::validate

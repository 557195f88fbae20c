#include "harness/validate/tensor_bytes.h"

#include "harness/schema/dtype.h"

namespace exportcheck::validate {

std::optional<std::uint64_t> element_size(std::int64_t dtype) {
  if (const schema::Dtype* d = schema::find_dtype(dtype)) return d->element_size;
  return std::nullopt;
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

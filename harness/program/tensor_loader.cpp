#include "harness/program/tensor_loader.h"

#include <algorithm>
#include <cstring>
#include <bit>
#include <vector>

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/zeros.h>
#include <c10/util/Exception.h>
#include <caffe2/serialize/in_memory_adapter.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/import_read.h>

#include "harness/archive/mapped_file.h"
#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/program/load_error.h"
#include "harness/program/schema_enums.h"
#include "harness/program/stored_entries.h"
#include "harness/validate/tensor_bytes.h"

namespace exportcheck::program {


namespace {

constexpr std::uint64_t kMaxPayload = std::uint64_t{16} << 30;

c10::ScalarType dtype_of(const validate::TensorLayout& layout, const std::string& entry) {
  const auto dtype = scalar_type_from_schema(layout.dtype);
  if (!dtype) throw LoadError(entry + ": dtype number " + std::to_string(layout.dtype) + " is not one this build knows");
  return *dtype;
}

// The file as one flat CPU tensor of `dtype`.
void check_whole_elements(std::uint64_t bytes, c10::ScalarType dtype, const std::string& entry) {
  const auto element = static_cast<std::uint64_t>(c10::elementSize(dtype));
  if (bytes % element != 0)
    throw LoadError(entry + ": " + std::to_string(bytes) + " bytes is not a whole number of " +
                    std::to_string(element) + "-byte elements");
}

at::Tensor flat_tensor(std::string_view bytes, c10::ScalarType dtype, const std::string& entry) {
  check_whole_elements(bytes.size(), dtype, entry);
  const auto numel = static_cast<std::int64_t>(bytes.size() / c10::elementSize(dtype));
  at::Tensor flat = at::empty({numel}, at::TensorOptions().dtype(dtype));
  if (!bytes.empty()) std::memcpy(flat.data_ptr(), bytes.data(), bytes.size());
  return flat;
}

// Reverses the bytes of each scalar (each real and imaginary part of a
// complex) of a flat tensor: an archive written on a machine of the other
// byte order.
void swap_byte_order(at::Tensor& flat) {
  const std::size_t element = c10::elementSize(flat.scalar_type());
  const std::size_t part = c10::isComplexType(flat.scalar_type()) ? element / 2 : element;
  if (part < 2) return;
  auto* p = static_cast<unsigned char*>(flat.data_ptr());
  const std::size_t total = static_cast<std::size_t>(flat.numel()) * element;
  for (std::size_t i = 0; i < total; i += part) std::reverse(p + i, p + i + part);
}

// The byte order the archive declares (<top>/byteorder, "little" or "big";
// archives without the entry are little-endian, as torch reads them).
std::endian archive_byte_order(const ZipArchive& archive) {
  const std::string entry = pt2_top_folder(archive) + "/byteorder";
  if (!archive.contains(entry)) return std::endian::little;
  const std::string text = archive.read(entry, 64);
  if (text == "little") return std::endian::little;
  if (text == "big") return std::endian::big;
  throw LoadError(entry + ": is '" + text + "', not 'little' or 'big'");
}

// One payload file as a flat tensor: a view of the mapped archive where the
// entry is stored, aligned for `dtype` and in this machine's byte order;
// otherwise a copy (byte-swapped where the orders differ).
at::Tensor flat_payload(const ZipArchive& archive, const StoredEntries* mapped, std::endian order,
                        const std::string& entry, c10::ScalarType dtype) {
  const ZipEntry* z = archive.find(entry);
  if (z == nullptr) throw LoadError(entry + ": missing from the archive");
  if (mapped != nullptr && order == std::endian::native) {
    if (const auto view = mapped->bytes(*z)) {
      const std::size_t element = c10::elementSize(dtype);
      if (reinterpret_cast<std::uintptr_t>(view->data()) % element == 0) {
        check_whole_elements(view->size(), dtype, entry);
        if (view->empty()) return at::empty({0}, at::TensorOptions().dtype(dtype));
        // The tensor keeps the mapping alive; its pages are copy-on-write (MappedFile).
        return at::from_blob(const_cast<char*>(view->data()), {static_cast<std::int64_t>(view->size() / element)},
                             [keep = archive.mapping()](void*) {}, at::TensorOptions().dtype(dtype));
      }
    }
  }
  at::Tensor flat = flat_tensor(archive.read(entry, kMaxPayload), dtype, entry);
  if (order != std::endian::native) swap_byte_order(flat);
  return flat;
}

at::Tensor view_of(const at::Tensor& flat, const validate::TensorLayout& layout, const std::string& entry,
                   const std::string& key) {
  if (layout.symbolic) throw LoadError(entry + " ('" + key + "'): tensor_meta has a symbolic size or stride");
  if (layout.sizes.size() != layout.strides.size())
    throw LoadError(entry + " ('" + key + "'): tensor_meta has " + std::to_string(layout.sizes.size()) + " sizes and " +
                    std::to_string(layout.strides.size()) + " strides");
  const auto element = static_cast<std::uint64_t>(c10::elementSize(flat.scalar_type()));
  const validate::BytesNeeded need = validate::bytes_needed(element, layout.sizes, layout.strides, layout.storage_offset);
  if (!need.problem.empty()) throw LoadError(entry + " ('" + key + "'): " + need.problem);
  const std::uint64_t have = static_cast<std::uint64_t>(flat.numel()) * element;
  if (need.bytes > have)
    throw LoadError(entry + " ('" + key + "'): holds " + std::to_string(have) + " bytes, its tensor_meta needs " +
                    std::to_string(need.bytes));
  if (need.bytes == 0) return at::zeros(layout.sizes, flat.options());
  return flat.as_strided(layout.sizes, layout.strides, layout.storage_offset);
}

bool is_object_file(const std::string& path_name) {
  return path_name.rfind("custom_obj", 0) == 0 || path_name.rfind("opaque_obj", 0) == 0;
}

}  // namespace

c10::IValue unpickle(const std::string& bytes, std::optional<c10::Device> device) {
  caffe2::serialize::PyTorchStreamReader reader(
      std::make_unique<caffe2::serialize::MemoryReadAdapter>(bytes.data(), bytes.size()));
  return torch::jit::readArchiveAndTensors("data", /*pickle_prefix=*/"", /*tensor_prefix=*/"", std::nullopt, std::nullopt,
                                           device, reader);
}

at::Tensor tensor_from_bytes(const std::string& bytes, const validate::TensorLayout& layout, c10::Device device,
                             const std::string& entry) {
  const c10::ScalarType dtype = dtype_of(layout, entry);
  at::Tensor t = view_of(flat_tensor(bytes, dtype, entry), layout, entry, entry);
  return device.is_cpu() ? t : t.to(device);
}

Payloads load_payloads(const ZipArchive& archive, const std::string& config_entry, const std::string& directory,
                       c10::Device device, const StoredEntries* mapped) {
  Payloads out;
  if (!archive.contains(config_entry)) return out;
  const std::endian order = archive_byte_order(archive);
  std::vector<validate::PayloadEntry> entries;
  try {
    entries = validate::read_payload_config(archive.read(config_entry));
  } catch (const std::exception& e) {
    throw LoadError(config_entry + ": " + e.what());
  }
  std::map<std::string, at::Tensor> files;  // path_name -> flat tensor on the device: each payload read once
  for (const validate::PayloadEntry& p : entries) {
    const std::string entry = directory + p.path_name;
    if (is_object_file(p.path_name)) {
      out.objects.insert(p.key);
      continue;
    }
    if (!archive.contains(entry)) throw LoadError(entry + " ('" + p.key + "'): missing from the archive");
    try {
      if (p.use_pickle) {
        const std::string bytes = archive.read(entry, kMaxPayload);
        const c10::IValue v = unpickle(bytes, device);
        if (!v.isTensor()) throw LoadError(entry + " ('" + p.key + "'): the pickled payload is a " + v.tagKind() + ", not a tensor");
        out.tensors[p.key] = v.toTensor().to(device);
        continue;
      }
      if (!p.meta) throw LoadError(entry + " ('" + p.key + "'): no tensor_meta");
      const c10::ScalarType dtype = dtype_of(*p.meta, entry);
      auto it = files.find(p.path_name);
      if (it == files.end() || it->second.scalar_type() != dtype) {
        at::Tensor flat = flat_payload(archive, mapped, order, entry, dtype);
        it = files.insert_or_assign(p.path_name, device.is_cpu() ? flat : flat.to(device)).first;
      }
      out.tensors[p.key] = view_of(it->second, *p.meta, entry, p.key);
    } catch (const LoadError&) {
      throw;
    } catch (const c10::Error& e) {
      throw LoadError(entry + " ('" + p.key + "'): " + e.what_without_backtrace());
    } catch (const std::exception& e) {
      throw LoadError(entry + " ('" + p.key + "'): " + e.what());
    }
  }
  return out;
}

}  // namespace exportcheck::program

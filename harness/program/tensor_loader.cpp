#include "harness/program/tensor_loader.h"

#include <cstring>
#include <vector>

#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <c10/util/Exception.h>
#include <caffe2/serialize/in_memory_adapter.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/import_read.h>

#include "harness/archive/zip_archive.h"
#include "harness/program/schema_enums.h"
#include "harness/program/load_error.h"
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
at::Tensor flat_tensor(const std::string& bytes, c10::ScalarType dtype, const std::string& entry) {
  const auto element = static_cast<std::uint64_t>(c10::elementSize(dtype));
  if (bytes.size() % element != 0)
    throw LoadError(entry + ": " + std::to_string(bytes.size()) + " bytes is not a whole number of " +
                    std::to_string(element) + "-byte elements");
  const auto numel = static_cast<std::int64_t>(bytes.size() / element);
  at::Tensor flat = at::empty({numel}, at::TensorOptions().dtype(dtype));
  if (!bytes.empty()) std::memcpy(flat.data_ptr(), bytes.data(), bytes.size());
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
                       c10::Device device) {
  Payloads out;
  if (!archive.contains(config_entry)) return out;
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
        at::Tensor flat = flat_tensor(archive.read(entry, kMaxPayload), dtype, entry);
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

#pragma once
// Shared helpers of the executor tests: archive paths, sample inputs read
// with torch::jit::pickle_load, and output comparison.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include "harness/archive/mapped_file.h"
#include "harness/archive/zip_archive.h"
#include "harness/program/stored_entries.h"

namespace exportcheck::testing {

inline std::filesystem::path source_dir() { return EXPORTCHECK_SOURCE_DIR; }
inline std::filesystem::path shared_dir() { return EXPORTCHECK_SHARED_DIR; }
inline std::filesystem::path seed_archive(const std::string& c, const std::string& mode, const std::string& ir) {
  return source_dir() / "golden/archives/2.13.0" / c / mode / (ir + ".pt2");
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A copy of `source` (in the temp folder, as `name`) with one bit of `entry`'s
// data flipped, found where the mapped loader finds it: the zip stays
// readable, only the entry's CRC-32 no longer matches.
inline std::filesystem::path with_flipped_bit(const std::filesystem::path& source, const std::string& entry,
                                              const std::string& name) {
  std::string bytes = read_file(source);
  {
    const ZipArchive zip = ZipArchive::map(source.string());
    const program::StoredEntries stored(zip);
    const auto view = stored.bytes(*zip.find(entry));
    if (!view) throw std::runtime_error(entry + " is not stored in " + source.string());
    bytes[static_cast<std::size_t>(view->data() - zip.mapping()->data())] ^= 0x01;
  }
  const auto out = std::filesystem::temp_directory_path() / name;
  std::ofstream(out, std::ios::binary) << bytes;
  return out;
}

inline c10::IValue pickle_file(const std::filesystem::path& p) {
  const std::string bytes = read_file(p);
  return torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
}

inline void flatten_into(const c10::IValue& v, std::vector<c10::IValue>& out) {
  if (v.isTuple()) {
    for (const auto& e : v.toTupleRef().elements()) flatten_into(e, out);
  } else if (v.isList()) {
    for (const auto& e : v.toListRef()) flatten_into(e, out);
  } else if (v.isGenericDict()) {
    for (const auto& item : v.toGenericDict()) flatten_into(item.value(), out);
  } else {
    out.push_back(v);
  }
}

inline std::vector<c10::IValue> to_vector(const c10::IValue& list) {
  std::vector<c10::IValue> out;
  for (const auto& e : list.toListRef()) out.push_back(e);
  return out;
}

// "" if equal (tensors: dtype, shape, values within tolerance), else why not.
inline std::string mismatch(const c10::IValue& got, const c10::IValue& want) {
  if (want.isTensor()) {
    if (!got.isTensor()) return std::string("got a ") + got.tagKind() + ", expected a tensor";
    const at::Tensor g = got.toTensor().cpu(), w = want.toTensor();
    if (g.scalar_type() != w.scalar_type())
      return std::string("dtype ") + c10::toString(g.scalar_type()) + ", expected " + c10::toString(w.scalar_type());
    if (g.sizes() != w.sizes()) return "shape " + c10::str(g.sizes()) + ", expected " + c10::str(w.sizes());
    const bool low = w.scalar_type() == at::kHalf || w.scalar_type() == at::kBFloat16;
    if (w.is_floating_point() || w.is_complex()) {
      if (!at::allclose(g, w, low ? 1e-2 : 1e-4, low ? 1e-2 : 1e-5, true)) return "values differ";
    } else if (!g.equal(w)) {
      return "values differ";
    }
    return "";
  }
  if (want.isDouble()) {
    if (!(got.isDouble() || got.isInt())) return std::string("got a ") + got.tagKind() + ", expected a float";
    const double g = got.isDouble() ? got.toDouble() : static_cast<double>(got.toInt());
    return std::abs(g - want.toDouble()) <= 1e-6 * (1 + std::abs(want.toDouble())) ? "" : "float differs";
  }
  if (want.isInt() || want.isBool()) {
    if (got.isInt() && want.isInt()) return got.toInt() == want.toInt() ? "" : "int differs";
    if (got.isBool() && want.isBool()) return got.toBool() == want.toBool() ? "" : "bool differs";
    return std::string("got a ") + got.tagKind() + ", expected a " + want.tagKind();
  }
  if (want.isNone()) return got.isNone() ? "" : std::string("got a ") + got.tagKind() + ", expected None";
  if (want.isString()) return got.isString() && got.toStringRef() == want.toStringRef() ? "" : "string differs";
  return std::string("cannot compare a ") + want.tagKind();
}

inline std::string mismatch(const std::vector<c10::IValue>& got, const std::vector<c10::IValue>& want) {
  if (got.size() != want.size())
    return std::to_string(got.size()) + " outputs, expected " + std::to_string(want.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    if (std::string m = mismatch(got[i], want[i]); !m.empty()) return "output " + std::to_string(i) + ": " + m;
  return "";
}

}  // namespace exportcheck::testing

#include <functional>
#include <optional>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/archive/zip_writer.h"
#include "harness/program/tensor_loader.h"

namespace exportcheck::testing {

inline std::filesystem::path fixture(const std::string& name) { return source_dir() / "tests/data/executor" / name; }

// The archive's own sample inputs (data/sample_inputs/model.pt), flattened,
// restored on the CPU (also those an archive exported on CUDA holds).
inline std::vector<c10::IValue> sample_inputs(const std::filesystem::path& archive) {
  const ZipArchive a = ZipArchive::open(archive.string());
  const std::string bytes = a.read(pt2_top_folder(a) + "/data/sample_inputs/model.pt");
  std::vector<c10::IValue> out;
  flatten_into(program::unpickle(bytes, c10::Device(c10::kCPU)), out);
  return out;
}

// tests/data/executor/expected/<name>.pt (a list of flat outputs), if present.
inline std::optional<std::vector<c10::IValue>> expected_outputs(const std::string& name) {
  const auto path = fixture("expected/" + name + ".pt");
  if (!std::filesystem::exists(path)) return std::nullopt;
  return to_vector(pickle_file(path));
}

// A copy of `archive` with each entry passed through `edit` (return nullopt to drop it).
inline std::filesystem::path edited_archive(const std::filesystem::path& archive, const std::string& tag,
                                            const std::function<std::optional<std::string>(const std::string& name,
                                                                                            const std::string& data)>& edit) {
  const ZipArchive a = ZipArchive::open(archive.string());
  std::vector<ZipWriteEntry> entries;
  for (const ZipEntry& e : a.entries())
    if (auto data = edit(e.name, a.read(e.name))) entries.push_back({e.name, *data});
  const auto out = std::filesystem::temp_directory_path() / ("exportcheck_runtime_" + tag + ".pt2");
  write_zip(out.string(), entries);
  return out;
}

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

}  // namespace exportcheck::testing

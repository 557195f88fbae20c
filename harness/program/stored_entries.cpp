#include "harness/program/stored_entries.h"

#include <zlib.h>
#ifdef EXPORTCHECK_HAVE_ISAL
#include <isa-l/crc.h>
#endif

#include <algorithm>

#include <c10/util/Exception.h>
#include <caffe2/serialize/in_memory_adapter.h>
#include <caffe2/serialize/inline_container.h>

#include "harness/archive/mapped_file.h"
#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/program/load_error.h"

namespace exportcheck::program {

StoredEntries::StoredEntries(const ZipArchive& archive) : archive_(&archive) {
  const auto& mapping = archive.mapping();
  if (!mapping) throw LoadError(archive.label() + ": not opened with ZipArchive::map");
  prefix_ = pt2_top_folder(archive) + "/";
  try {
    reader_ = std::make_unique<caffe2::serialize::PyTorchStreamReader>(
        std::make_shared<caffe2::serialize::MemoryReadAdapter>(mapping->data(), static_cast<off_t>(mapping->size())));
  } catch (const c10::Error& e) {
    // An archive libzip reads but LibTorch's reader does not (no .data/version,
    // say): every payload is then copied out through libzip, as before.
    refusal_ = e.what_without_backtrace();
  }
}

StoredEntries::~StoredEntries() = default;
StoredEntries::StoredEntries(StoredEntries&&) noexcept = default;

std::optional<std::string_view> StoredEntries::bytes(const ZipEntry& entry) const {
  if (!reader_ || !entry.stored() || entry.size != entry.compressed_size) return std::nullopt;
  if (!entry.name.starts_with(prefix_)) throw LoadError(entry.name + ": not under the archive's folder " + prefix_);
  const std::string record = entry.name.substr(prefix_.size());
  std::uint64_t offset = 0;
  try {
    offset = reader_->getRecordOffset(record);
  } catch (const c10::Error& e) {
    throw LoadError(entry.name + ": cannot locate its data: " + e.what_without_backtrace());
  }
  const std::uint64_t file = archive_->mapping()->size();
  if (offset > file || entry.size > file - offset)
    throw LoadError(entry.name + ": its " + std::to_string(entry.size) + " bytes at offset " + std::to_string(offset) +
                    " lie past the end of the " + std::to_string(file) + "-byte archive");
  return std::string_view(archive_->mapping()->data() + offset, static_cast<std::size_t>(entry.size));
}

void StoredEntries::verify_crc(const ZipEntry& entry) const {
  const auto view = bytes(entry);
  if (!view) {  // compressed, or not readable by LibTorch: libzip checks the CRC as it reads
    try {
      archive_->read_chunks(entry.name, [](std::string_view) {});
    } catch (const ArchiveError& e) {
      throw LoadError(entry.name + ": " + e.message());
    }
    return;
  }
  const std::uint32_t actual = crc32_of(*view);
  if (actual != entry.crc)
    throw LoadError(entry.name + ": CRC-32 " + std::to_string(actual) + " of its bytes is not the " +
                    std::to_string(entry.crc) + " the zip directory declares (damaged archive)");
}

std::uint32_t crc32_of(std::string_view bytes) {
#ifdef EXPORTCHECK_HAVE_ISAL
  // The same CRC (zlib's, the zip directory's), with carry-less multiplication.
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
#endif
  uLong crc = crc32_z(0L, Z_NULL, 0);
  return static_cast<std::uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<z_size_t>(bytes.size())));
}

}  // namespace exportcheck::program

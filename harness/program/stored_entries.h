#pragma once
// Where each stored (uncompressed) entry of a mapped PT2 archive lies in the
// mapping, so weights become tensors over those bytes instead of copies
// (zero-copy loading). libzip does not say where an entry's data starts (the
// local header has its own name and extra-field lengths); LibTorch's own zip
// reader, the one torch.export.load uses, does (getRecordOffset), so the
// offsets come from there. Nothing is read here but the headers: the bytes
// stay untouched until a tensor uses them, and their CRC is checked only on
// request (verify_crc).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace caffe2::serialize {
class PyTorchStreamReader;
}

namespace exportcheck {
class ZipArchive;
struct ZipEntry;
}  // namespace exportcheck

namespace exportcheck::program {

class StoredEntries {
 public:
  // `archive` must come from ZipArchive::map and outlive this (LoadError
  // otherwise). Where LibTorch's reader refuses an archive libzip reads,
  // no entry has a view (bytes() is nullopt) and refusal() says why.
  explicit StoredEntries(const ZipArchive& archive);
  ~StoredEntries();
  StoredEntries(StoredEntries&&) noexcept;

  // The bytes of `entry` inside the mapping; nullopt when the entry is
  // compressed (it must be copied out with ZipArchive::read) or LibTorch's
  // reader refused the archive. LoadError when
  // its data would lie outside the file or its sizes disagree.
  std::optional<std::string_view> bytes(const ZipEntry& entry) const;

  const std::string& refusal() const { return refusal_; }

  // The CRC-32 of `entry`'s bytes in the mapping against the directory's;
  // LoadError naming the entry when they differ.
  void verify_crc(const ZipEntry& entry) const;

 private:
  const ZipArchive* archive_;
  std::string prefix_;  // "<top>/": LibTorch's reader names records without it
  std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader_;  // null when it refused the archive
  std::string refusal_;
};

// CRC-32 (zlib's polynomial and convention) of `bytes`: what the zip
// directory declares per entry. ISA-L's implementation where the build has
// it (EXPORTCHECK_HAVE_ISAL), zlib's otherwise.
std::uint32_t crc32_of(std::string_view bytes);

}  // namespace exportcheck::program

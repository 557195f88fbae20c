#pragma once
// Read-only view of a zip file (a PT2 archive) on libzip, from a path or a
// memory buffer. Every failure is an ArchiveError naming the archive and, where
// there is one, the entry: a damaged archive must become a clear message, never
// a crash or a huge allocation.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace exportcheck {

class MappedFile;

class ArchiveError : public std::runtime_error {
 public:
  ArchiveError(std::string archive, std::string entry, const std::string& message);
  const std::string& archive() const { return archive_; }
  const std::string& entry() const { return entry_; }  // empty when not about one entry
  const std::string& message() const { return message_; }

 private:
  std::string archive_, entry_, message_;
};

struct ZipEntry {
  std::string name;
  std::uint64_t size = 0;             // uncompressed, as declared by the directory
  std::uint64_t compressed_size = 0;
  std::int32_t method = 0;            // ZIP_CM_*: 0 = stored, 8 = deflate
  std::uint32_t crc = 0;              // CRC-32 of the uncompressed bytes, as declared
  bool stored() const { return method == 0; }
};

class ZipArchive {
 public:
  // Default cap for read(): model JSONs and configs are far below it; weights
  // that need more pass their own cap.
  static constexpr std::uint64_t kDefaultMaxRead = std::uint64_t{1} << 30;

  static ZipArchive open(const std::string& path);
  // `label` names the archive in errors (e.g. the path it came from).
  static ZipArchive from_buffer(std::string bytes, std::string label = "<memory>");
  // The file mapped into memory (MappedFile) and read in place: stored
  // entries can then be used where they lie (program/stored_entries.h)
  // instead of being copied out.
  static ZipArchive map(const std::string& path);

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  const std::string& label() const;       // path or buffer label
  std::uint64_t archive_size() const;     // bytes of the whole zip
  const std::vector<ZipEntry>& entries() const;  // in directory order
  const ZipEntry* find(std::string_view name) const;  // nullptr if absent
  // The mapping of an archive opened with map(); null otherwise.
  const std::shared_ptr<const MappedFile>& mapping() const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }

  // Whole entry, checked against the declared size, the cap, the archive size
  // (declared sizes beyond what the file can hold are rejected before
  // allocating) and libzip's CRC check. Not thread-safe: one reader at a time.
  std::string read(std::string_view name, std::uint64_t max_bytes = kDefaultMaxRead) const;

  // The same checks as read(), but hands the bytes to `sink` in pieces of at
  // most `chunk` bytes: verifies or hashes an entry of any size in bounded memory.
  template <typename Sink>
  void read_chunks(std::string_view name, Sink&& sink, std::size_t chunk = 1 << 16) const {
    std::string buffer(chunk, '\0');
    read_into(name, buffer, [&](std::string_view piece) { sink(piece); });
  }

 private:
  using ChunkSink = void (*)(void*, std::string_view);
  template <typename F>
  void read_into(std::string_view name, std::string& buffer, F&& f) const {
    read_streaming(name, buffer, [](void* ctx, std::string_view piece) { (*static_cast<F*>(ctx))(piece); }, &f);
  }
  void read_streaming(std::string_view name, std::string& buffer, ChunkSink sink, void* context) const;
  const ZipEntry& checked_entry(std::string_view name, std::uint64_t max_bytes) const;

 public:

 private:
  struct Impl;
  explicit ZipArchive(std::unique_ptr<Impl> impl);
  static ZipArchive open_in_memory(std::unique_ptr<Impl> impl, std::string_view bytes);
  std::unique_ptr<Impl> impl_;
};

}  // namespace exportcheck

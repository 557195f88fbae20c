#pragma once
// A whole file mapped into memory, read-only for everyone else: the pages
// are private copy-on-write, so a tensor built over them may be written in
// place (a mutated buffer) without touching the file. Shared ownership: the
// mapping lives as long as the last ZipArchive or tensor that holds it.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace exportcheck {

class MappedFile {
 public:
  // ArchiveError (naming `path`) when the file cannot be opened or mapped.
  static std::shared_ptr<const MappedFile> open(const std::string& path);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }
  const char* data() const { return data_; }
  std::uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  MappedFile(std::string path, char* data, std::uint64_t size) : path_(std::move(path)), data_(data), size_(size) {}
  std::string path_;
  char* data_ = nullptr;  // nullptr for an empty file (mmap refuses length 0)
  std::uint64_t size_ = 0;
};

}  // namespace exportcheck

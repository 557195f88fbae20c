#include "harness/archive/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/archive/zip_archive.h"

namespace exportcheck {

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ArchiveError(path, "", std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int saved = errno;
    ::close(fd);
    throw ArchiveError(path, "", S_ISREG(st.st_mode) ? std::string("cannot stat: ") + std::strerror(saved)
                                                       : std::string("not a readable file"));
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  char* data = nullptr;
  if (size > 0) {
    // PROT_WRITE with MAP_PRIVATE: writes go to private copies of the pages.
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int saved = errno;
      ::close(fd);
      throw ArchiveError(path, "", std::string("cannot map: ") + std::strerror(saved));
    }
    data = static_cast<char*>(p);
  }
  ::close(fd);  // the mapping keeps the file
  return std::shared_ptr<const MappedFile>(new MappedFile(path, data, size));
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

}  // namespace exportcheck

#include "harness/archive/zip_archive.h"

#include <zip.h>

#include "harness/archive/mapped_file.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace exportcheck {

namespace {

std::string join_message(const std::string& archive, const std::string& entry,
                         const std::string& message) {
  std::string what = archive;
  if (!entry.empty()) what += ": " + entry;
  return what + ": " + message;
}

std::string libzip_message(int code) {
  // libzip's text for this one ("File already exists") hides what is wrong with the archive.
  if (code == ZIP_ER_EXISTS) return "duplicate entry: two directory records have the same name";
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

// Deflate cannot expand data more than about 1032:1, so a compressed entry that
// declares more is lying about its size.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

}  // namespace

ArchiveError::ArchiveError(std::string archive, std::string entry, const std::string& message)
    : std::runtime_error(join_message(archive, entry, message)),
      archive_(std::move(archive)),
      entry_(std::move(entry)),
      message_(message) {}

struct ZipArchive::Impl {
  std::string label;
  std::string buffer;  // owns the bytes for from_buffer(); libzip reads them in place
  std::shared_ptr<const MappedFile> mapping;  // owns the bytes for map()
  std::uint64_t archive_size = 0;
  zip_t* zip = nullptr;
  std::vector<ZipEntry> entries;

  ~Impl() {
    if (zip != nullptr) zip_discard(zip);  // read-only: nothing to write back
  }

  void load_entries() {
    const zip_int64_t count = zip_get_num_entries(zip, 0);
    if (count < 0) throw ArchiveError(label, "", "cannot count entries");
    entries.reserve(static_cast<std::size_t>(count));
    for (zip_int64_t i = 0; i < count; ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st) != 0)
        throw ArchiveError(label, "#" + std::to_string(i), zip_strerror(zip));
      const zip_uint64_t need = ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
      if ((st.valid & need) != need)
        throw ArchiveError(label, "#" + std::to_string(i), "incomplete directory record");
      entries.push_back({st.name, st.size, st.comp_size, st.comp_method, st.crc});
    }
  }
};

ZipArchive::ZipArchive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

ZipArchive ZipArchive::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->label = path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw ArchiveError(path, "", "not a readable file");
  impl->archive_size = std::filesystem::file_size(path, ec);
  if (ec) throw ArchiveError(path, "", "cannot stat: " + ec.message());
  int code = 0;
  impl->zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (impl->zip == nullptr) throw ArchiveError(path, "", "not a readable zip: " + libzip_message(code));
  impl->load_entries();
  return ZipArchive(std::move(impl));
}

ZipArchive ZipArchive::from_buffer(std::string bytes, std::string label) {
  auto impl = std::make_unique<Impl>();
  impl->label = std::move(label);
  impl->buffer = std::move(bytes);
  // impl (and so the buffer's heap storage) never moves: ZipArchive holds it by pointer.
  const std::string_view view = impl->buffer;
  return open_in_memory(std::move(impl), view);
}

ZipArchive ZipArchive::map(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->label = path;
  impl->mapping = MappedFile::open(path);
  const std::string_view view = impl->mapping->bytes();
  return open_in_memory(std::move(impl), view);
}

// libzip over bytes `impl` owns, read in place (no copy).
ZipArchive ZipArchive::open_in_memory(std::unique_ptr<Impl> impl, std::string_view bytes) {
  impl->archive_size = bytes.size();
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw ArchiveError(impl->label, "", "cannot create zip source: " + message);
  }
  impl->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (impl->zip == nullptr) {
    zip_source_free(source);  // not taken over by a failed open
    std::string message = zip_error_code_zip(&error) == ZIP_ER_EXISTS ? libzip_message(ZIP_ER_EXISTS) : zip_error_strerror(&error);
    zip_error_fini(&error);
    throw ArchiveError(impl->label, "", "not a readable zip: " + message);
  }
  zip_error_fini(&error);
  impl->load_entries();
  return ZipArchive(std::move(impl));
}

const std::string& ZipArchive::label() const { return impl_->label; }
std::uint64_t ZipArchive::archive_size() const { return impl_->archive_size; }
const std::vector<ZipEntry>& ZipArchive::entries() const { return impl_->entries; }
const std::shared_ptr<const MappedFile>& ZipArchive::mapping() const { return impl_->mapping; }

const ZipEntry* ZipArchive::find(std::string_view name) const {
  auto it = std::find_if(impl_->entries.begin(), impl_->entries.end(),
                         [&](const ZipEntry& e) { return e.name == name; });
  return it == impl_->entries.end() ? nullptr : &*it;
}

// The declared sizes checked against the archive and `max_bytes` before
// anything is allocated or read.
const ZipEntry& ZipArchive::checked_entry(std::string_view name, std::uint64_t max_bytes) const {
  const std::string entry_name(name);
  const ZipEntry* entry = find(name);
  if (entry == nullptr) throw ArchiveError(impl_->label, entry_name, "no such entry");
  const std::uint64_t archive_bytes = impl_->archive_size;
  if (entry->compressed_size > archive_bytes)
    throw ArchiveError(impl_->label, entry_name,
                       "declares " + std::to_string(entry->compressed_size) +
                           " compressed bytes, more than the archive's " + std::to_string(archive_bytes));
  const std::uint64_t plausible = entry->stored() ? archive_bytes : entry->compressed_size * kMaxDeflateRatio;
  if (entry->size > plausible)
    throw ArchiveError(impl_->label, entry_name,
                       "declares " + std::to_string(entry->size) + " bytes, more than the archive (" +
                           std::to_string(archive_bytes) + " bytes) can hold");
  if (entry->size > max_bytes)
    throw ArchiveError(impl_->label, entry_name,
                       "is " + std::to_string(entry->size) + " bytes, over the read limit of " +
                           std::to_string(max_bytes));
  return *entry;
}

std::string ZipArchive::read(std::string_view name, std::uint64_t max_bytes) const {
  const std::string entry_name(name);
  const ZipEntry* entry = &checked_entry(name, max_bytes);
  const auto index = static_cast<zip_uint64_t>(entry - impl_->entries.data());  // same order as the directory
  zip_file_t* file = zip_fopen_index(impl_->zip, index, 0);
  if (file == nullptr) throw ArchiveError(impl_->label, entry_name, std::string("cannot open: ") + zip_strerror(impl_->zip));
  std::string data(static_cast<std::size_t>(entry->size), '\0');
  std::uint64_t done = 0;
  std::string failure;
  while (done < entry->size) {
    const zip_int64_t n = zip_fread(file, data.data() + done, entry->size - done);
    if (n < 0) { failure = std::string("read failed: ") + zip_file_strerror(file); break; }
    if (n == 0) { failure = "ends after " + std::to_string(done) + " of " + std::to_string(entry->size) + " bytes"; break; }
    done += static_cast<std::uint64_t>(n);
  }
  if (failure.empty()) {
    // One more read reaches the end of the entry, where libzip checks the CRC.
    char probe = 0;
    const zip_int64_t n = zip_fread(file, &probe, 1);
    if (n < 0) failure = std::string("read failed: ") + zip_file_strerror(file);
    else if (n > 0) failure = "holds more bytes than its declared size " + std::to_string(entry->size);
  }
  const int close_code = zip_fclose(file);
  if (failure.empty() && close_code != 0) failure = "close failed: " + libzip_message(close_code);
  if (!failure.empty()) throw ArchiveError(impl_->label, entry_name, failure);
  return data;
}

void ZipArchive::read_streaming(std::string_view name, std::string& buffer, ChunkSink sink, void* context) const {
  const std::string entry_name(name);
  const ZipEntry* entry = &checked_entry(name, ~std::uint64_t{0});
  if (buffer.empty()) buffer.resize(1 << 16);
  const auto index = static_cast<zip_uint64_t>(entry - impl_->entries.data());
  zip_file_t* file = zip_fopen_index(impl_->zip, index, 0);
  if (file == nullptr) throw ArchiveError(impl_->label, entry_name, std::string("cannot open: ") + zip_strerror(impl_->zip));
  std::uint64_t done = 0;
  std::string failure;
  try {
    // Reads one byte past the declared size: the end of the entry is where
    // libzip checks the CRC, and a longer entry shows up.
    while (true) {
      const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0) { failure = std::string("read failed: ") + zip_file_strerror(file); break; }
      if (n == 0) {
        if (done < entry->size) failure = "ends after " + std::to_string(done) + " of " + std::to_string(entry->size) + " bytes";
        break;
      }
      done += static_cast<std::uint64_t>(n);
      if (done > entry->size) { failure = "holds more bytes than its declared size " + std::to_string(entry->size); break; }
      sink(context, std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
  } catch (...) {
    zip_fclose(file);
    throw;
  }
  const int close_code = zip_fclose(file);
  if (failure.empty() && close_code != 0) failure = "close failed: " + libzip_message(close_code);
  if (!failure.empty()) throw ArchiveError(impl_->label, entry_name, failure);
}

}  // namespace exportcheck

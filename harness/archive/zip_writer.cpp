#include "harness/archive/zip_writer.h"

#include <zip.h>

#include "harness/archive/zip_archive.h"

namespace exportcheck {

void write_zip(const std::string& path, const std::vector<ZipWriteEntry>& entries) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (zip == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw ArchiveError(path, "", "cannot create: " + message);
  }
  auto fail = [&](const std::string& entry, const std::string& what) {
    std::string message = what + ": " + zip_strerror(zip);
    zip_discard(zip);
    throw ArchiveError(path, entry, message);
  };
  for (const ZipWriteEntry& e : entries) {
    // The data must stay alive until zip_close(), which it does: `entries` is ours until we return.
    zip_source_t* source = zip_source_buffer(zip, e.data.data(), e.data.size(), 0);
    if (source == nullptr) fail(e.name, "cannot create source");
    const zip_int64_t index = zip_file_add(zip, e.name.c_str(), source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      fail(e.name, "cannot add");
    }
    if (zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
      fail(e.name, "cannot set stored");
  }
  if (zip_close(zip) != 0) fail("", "cannot write");
}

}  // namespace exportcheck

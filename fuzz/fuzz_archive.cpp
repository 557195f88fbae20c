// libFuzzer target: any bytes as a PT2 archive through open + validate +
// print. Whatever the bytes, each step must return or throw ArchiveError /
// std::exception: a crash, sanitizer report, leak or hang is a bug. Build and
// run with scripts/fuzz; seeds are the catalog's archives.
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/archive/zip_archive.h"
#include "harness/golden/ir_printer.h"
#include "harness/validate/archive_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exportcheck;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const ZipArchive zip = ZipArchive::from_buffer(std::move(bytes), "fuzz");
    (void)validate::validate_archive(zip);
    (void)print_archive(zip);
  } catch (const std::exception&) {
    // damage reported as an error: fine
  }
  return 0;
}

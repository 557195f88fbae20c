#pragma once
// Checks a PT2 archive against what torch.export.save writes and
// torch.export.load reads (docs/DESIGN.md "The PT2 archive checks"). Each
// failed check is its own Finding naming the entry and field; damage is
// always a finding, never a crash, and memory stays bounded (weights are
// streamed, JSON and sample inputs read under caps). Checks: README.md here.
#include <functional>
#include <string>
#include <vector>

#include "harness/validate/finding.h"

namespace exportcheck {
class ZipArchive;
}

namespace exportcheck::validate {

struct Validation {
  bool readable = true;  // false: not a zip libzip can open (one "zip" finding says why)
  std::vector<Finding> findings;
  bool ok() const { return readable && !has_errors(findings); }
};

// Receives each referenced weight/constant payload that read back whole
// (length and CRC checked) while validation reads it: `entry` is the zip
// entry name, `bytes` is handed over. With a visitor, validation reads each
// payload into memory once, so a loader that builds tensors from the bytes
// (harness/program/) needs no second pass over the archive; without one,
// payloads are streamed in bounded pieces and dropped. A visited payload
// may still have findings (e.g. too short for its meta): use the bytes only
// when the validation is ok().
using PayloadVisitor = std::function<void(const std::string& entry, std::string&& bytes)>;

// What validation does with the weight and constant payloads beyond their
// declared sizes: Read reads each one whole (length and CRC-32 checked, the
// visitor sees it); Sizes leaves their bytes untouched (a loader that maps
// the archive checks the structure only, and the CRC when asked:
// program/stored_entries.h).
enum class PayloadCheck { Read, Sizes };

Validation validate_archive(const ZipArchive& archive, const PayloadVisitor& visit_payload = {},
                            PayloadCheck payloads = PayloadCheck::Read);
Validation validate_archive_file(const std::string& path);

}  // namespace exportcheck::validate

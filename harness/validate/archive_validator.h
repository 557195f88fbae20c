#pragma once
// Checks a PT2 archive against what torch.export.save writes and
// torch.export.load reads (docs/DESIGN.md "The PT2 archive checks"). Each
// failed check is its own Finding naming the entry and field; damage is
// always a finding, never a crash, and memory stays bounded (weights are
// streamed, JSON and sample inputs read under caps). Checks: README.md here.
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

Validation validate_archive(const ZipArchive& archive);
Validation validate_archive_file(const std::string& path);

}  // namespace exportcheck::validate

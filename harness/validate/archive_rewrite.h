#pragma once
// The C++ half of the round trip: write an archive back the way a C++
// producer would. Every entry is copied in order, stored; each model JSON and
// payload config is parsed into torch's schema structs and written back by
// them, so anything the C++ schema drops or changes shows up downstream.
#include <string>
#include <vector>

#include "harness/validate/finding.h"

namespace exportcheck {
class ZipArchive;
}

namespace exportcheck::validate {

// True for the entries rewrite_archive re-encodes (models/*.json, data/*/*_config.json).
bool is_reencoded_entry(const std::string& name);

// ArchiveError (naming the entry) when `in` cannot be read or re-encoded.
// Holds the whole archive in memory while writing.
void rewrite_archive(const std::string& in, const std::string& out);

// Check "roundtrip-bytes": `rewritten` has `original`'s entries in the same
// order, byte for byte; re-encoded entries equal as JSON values (the first
// differing JSON path is named).
std::vector<Finding> compare_rewritten(const ZipArchive& original, const ZipArchive& rewritten);

}  // namespace exportcheck::validate

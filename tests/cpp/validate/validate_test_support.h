#pragma once
// Archives for the validator tests: the frozen and fixture archives, and a
// raw zip writer that can produce what libzip's writer refuses to (duplicate
// names, '..' names, lying sizes).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/archive/zip_archive.h"
#include "tests/cpp/archive/archive_test_support.h"

namespace exportcheck::testing {

struct RawEntry {
  std::string name;
  std::string data;
  std::uint64_t declared_size = ~std::uint64_t{0};  // default: data.size()
};

inline std::uint32_t crc32(const std::string& data) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// A stored zip (no compression, no zip64) with exactly these directory records.
inline std::string raw_zip(const std::vector<RawEntry>& entries) {
  auto u16 = [](std::string& s, std::uint32_t v) { s += char(v & 0xff); s += char((v >> 8) & 0xff); };
  auto u32 = [&](std::string& s, std::uint32_t v) { u16(s, v & 0xffff); u16(s, v >> 16); };
  std::string out, directory;
  for (const RawEntry& e : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t size = static_cast<std::uint32_t>(e.declared_size == ~std::uint64_t{0} ? e.data.size() : e.declared_size);
    const std::uint32_t crc = crc32(e.data);
    u32(out, 0x04034b50); u16(out, 20); u16(out, 0); u16(out, 0); u16(out, 0); u16(out, 0x21);
    u32(out, crc); u32(out, size); u32(out, size);
    u16(out, static_cast<std::uint32_t>(e.name.size())); u16(out, 0);
    out += e.name + e.data;
    u32(directory, 0x02014b50); u16(directory, 20); u16(directory, 20); u16(directory, 0); u16(directory, 0);
    u16(directory, 0); u16(directory, 0x21); u32(directory, crc); u32(directory, size); u32(directory, size);
    u16(directory, static_cast<std::uint32_t>(e.name.size())); u16(directory, 0); u16(directory, 0); u16(directory, 0);
    u16(directory, 0); u32(directory, 0); u32(directory, offset);
    directory += e.name;
  }
  const auto dir_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  u32(out, 0x06054b50); u16(out, 0); u16(out, 0);
  u16(out, static_cast<std::uint32_t>(entries.size())); u16(out, static_cast<std::uint32_t>(entries.size()));
  u32(out, static_cast<std::uint32_t>(directory.size())); u32(out, dir_offset); u16(out, 0);
  return out;
}

// Every entry of an archive, in directory order.
inline std::vector<RawEntry> raw_entries(const std::filesystem::path& archive) {
  const ZipArchive zip = ZipArchive::open(archive.string());
  std::vector<RawEntry> out;
  for (const ZipEntry& e : zip.entries()) out.push_back({e.name, zip.read(e.name)});
  return out;
}

inline RawEntry& entry_ending(std::vector<RawEntry>& entries, const std::string& suffix) {
  for (RawEntry& e : entries)
    if (e.name.ends_with(suffix)) return e;
  throw std::runtime_error("no entry ends with " + suffix);
}

inline std::filesystem::path frozen_archives(const std::string& torch_version) {
  return std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "golden" / "archives" / torch_version;
}

// Every *.pt2 under `dir`, sorted.
inline std::vector<std::filesystem::path> archives_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".pt2") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace exportcheck::testing

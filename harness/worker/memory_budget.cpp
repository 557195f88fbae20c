#include "harness/worker/memory_budget.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace exportcheck::worker {
namespace {

// The whole of a small /proc file; nullopt when it cannot be opened.
std::optional<std::string> read_proc(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char chunk[4096];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    text.append(chunk, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

// "VmRSS:\t  223532 kB" → bytes; nullopt when the field is absent.
std::optional<std::uint64_t> kib_field(std::string_view text, std::string_view field) {
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.size() <= field.size() || line.substr(0, field.size()) != field || line[field.size()] != ':') continue;
    line.remove_prefix(field.size() + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    std::uint64_t kib = 0;
    auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), kib);
    if (ec != std::errc()) return std::nullopt;
    return kib * 1024;
  }
  return std::nullopt;
}

}  // namespace

std::string format_bytes(std::uint64_t bytes) {
  char text[64];
  const double mib = static_cast<double>(bytes) / (1 << 20);
  if (mib >= 1024)
    std::snprintf(text, sizeof text, "%.2f GiB", mib / 1024);
  else
    std::snprintf(text, sizeof text, "%.0f MiB", mib);
  return text;
}

std::string memory_budget_message(std::uint64_t peak_bytes, const MemoryBudget& budget) {
  return "memory budget exceeded: peak " + format_bytes(peak_bytes) + " > budget " + format_bytes(budget.bytes) +
         (budget.source.empty() ? std::string() : " (" + budget.source + ")");
}

std::optional<ProcessMemory> parse_proc_status(std::string_view status_text) {
  std::optional<std::uint64_t> rss = kib_field(status_text, "VmRSS");
  if (!rss) return std::nullopt;
  ProcessMemory m;
  m.resident = *rss;
  m.peak = std::max(*rss, kib_field(status_text, "VmHWM").value_or(0));
  return m;
}

std::optional<ProcessMemory> process_memory(pid_t pid) {
  std::optional<std::string> text = read_proc("/proc/" + std::to_string(pid) + "/status");
  if (!text) return std::nullopt;
  return parse_proc_status(*text);
}

std::optional<std::uint64_t> tree_resident_bytes(pid_t pid) {
  std::optional<ProcessMemory> own = process_memory(pid);
  if (!own) return std::nullopt;
  std::uint64_t total = own->resident;
  std::vector<pid_t> pending = {pid};
  // A bound, so a process tree that changes under the walk cannot loop it.
  for (int visited = 0; !pending.empty() && visited < 4096; ++visited) {
    const pid_t p = pending.back();
    pending.pop_back();
    const std::string s = std::to_string(p);
    std::optional<std::string> children = read_proc("/proc/" + s + "/task/" + s + "/children");
    if (!children) continue;
    const char* c = children->data();
    const char* end = c + children->size();
    while (c < end) {
      while (c < end && *c == ' ') ++c;
      pid_t child = 0;
      auto [next, ec] = std::from_chars(c, end, child);
      if (ec != std::errc()) break;
      c = next;
      if (std::optional<ProcessMemory> m = process_memory(child)) total += m->resident;
      pending.push_back(child);
    }
  }
  return total;
}

bool reset_peak(pid_t pid) {
  int fd = open(("/proc/" + std::to_string(pid) + "/clear_refs").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, "5", 1) == 1;
  close(fd);
  return ok;
}

}  // namespace exportcheck::worker

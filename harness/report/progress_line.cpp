#include "harness/report/progress_line.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace exportcheck::report {

std::string clock_text(double seconds) {
  // Rounded to the nearest second: an ETA of 119.99 s reads 2:00, not 1:59.
  const long s = seconds > 0 ? std::lround(seconds) : 0;
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string progress_line(const Progress& p, int columns) {
  // Done padded to the width of total, as the per-case lines do, so the line does not jitter.
  const int width = static_cast<int>(std::to_string(p.total).size());
  char head[64];
  std::snprintf(head, sizeof head, "[%*d/%d] ", width, p.done, p.total);
  std::string line = head + std::to_string(p.unexpected) + " unexpected  elapsed " + clock_text(p.elapsed);
  if (p.eta) line += "  ETA " + clock_text(*p.eta);
  if (columns > 0 && line.size() > static_cast<size_t>(columns - 1)) line.resize(static_cast<size_t>(std::max(columns - 1, 0)));
  return line;
}

std::optional<double> estimate_remaining(const std::set<std::string>& pending,
                                         const std::map<std::string, double>& recorded,
                                         const std::vector<double>& finished, int jobs) {
  std::optional<double> fallback;
  if (!finished.empty()) {
    fallback = std::accumulate(finished.begin(), finished.end(), 0.0) / static_cast<double>(finished.size());
  } else if (!recorded.empty()) {
    double sum = 0;
    for (const auto& [name, s] : recorded) sum += s;
    fallback = sum / static_cast<double>(recorded.size());
  }
  double work = 0;
  for (const auto& name : pending) {
    auto it = recorded.find(name);
    if (it != recorded.end()) {
      work += it->second;
    } else if (fallback) {
      work += *fallback;
    } else {
      return std::nullopt;
    }
  }
  return work / std::max(jobs, 1);
}

ProgressTracker::ProgressTracker(std::vector<std::string> cases, std::map<std::string, double> recorded, int jobs)
    : pending_(cases.begin(), cases.end()),
      recorded_(std::move(recorded)),
      jobs_(jobs),
      total_(static_cast<int>(cases.size())) {
  remaining_ = estimate_remaining(pending_, recorded_, finished_, jobs_);
}

void ProgressTracker::finished(const std::string& name, double seconds, bool unexpected, double elapsed) {
  if (!pending_.erase(name)) return;  // not a case of this run, or counted already
  finished_.push_back(seconds);
  if (unexpected) ++unexpected_;
  remaining_ = estimate_remaining(pending_, recorded_, finished_, jobs_);
  estimated_at_ = elapsed;
}

Progress ProgressTracker::at(double elapsed) const {
  Progress p;
  p.total = total_;
  p.done = total_ - static_cast<int>(pending_.size());
  p.unexpected = unexpected_;
  p.elapsed = elapsed;
  if (remaining_) p.eta = std::max(0.0, *remaining_ - (elapsed - estimated_at_));
  return p;
}

}  // namespace exportcheck::report

#pragma once
// The one updating line a run shows on a terminal instead of a line per case
// (`exportcheck run --progress`): a catalog run prints hundreds of case
// lines, and the ones worth reading (unexpected results) scroll away among
// them. Pure text and arithmetic here; run/run_session.cpp draws it.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace exportcheck::report {

struct Progress {
  int done = 0;
  int total = 0;
  int unexpected = 0;         // cases with an unexpected verdict so far
  double elapsed = 0;         // seconds since the run began
  std::optional<double> eta;  // seconds left; none while there is nothing to estimate from
};

// "0:42", "12:05", "1:02:03" (to the nearest second; negative reads 0:00).
std::string clock_text(double seconds);

// "[ 3/10] 1 unexpected  elapsed 0:42  ETA 1:10", without ETA when there is
// none. Cut to `columns - 1` characters when columns > 0: a line longer than
// the terminal wraps, and "\r" then redraws only its last row.
std::string progress_line(const Progress& p, int columns = 0);

// Seconds until every case of `pending` is done on `jobs` slots: each at its
// recorded seconds (the previous run's), a case without one at the mean of
// `finished` (this run's case seconds so far), else at the mean of the
// recorded ones. None when there is neither. Cases running now count whole:
// the estimate errs long by at most one case per slot.
std::optional<double> estimate_remaining(const std::set<std::string>& pending,
                                         const std::map<std::string, double>& recorded,
                                         const std::vector<double>& finished, int jobs);

// A run's progress as cases finish. The ETA is estimated when a case
// finishes and counts down between finishes, so that the line redrawn every
// second during a long case does not stand still.
class ProgressTracker {
 public:
  ProgressTracker(std::vector<std::string> cases, std::map<std::string, double> recorded, int jobs);
  // `seconds`: the case's own time; `elapsed`: the run's time now.
  void finished(const std::string& name, double seconds, bool unexpected, double elapsed);
  Progress at(double elapsed) const;

 private:
  std::set<std::string> pending_;
  std::map<std::string, double> recorded_;
  std::vector<double> finished_;
  int jobs_;
  int total_;
  int unexpected_ = 0;
  std::optional<double> remaining_;  // as estimated at `estimated_at`
  double estimated_at_ = 0;
};

}  // namespace exportcheck::report

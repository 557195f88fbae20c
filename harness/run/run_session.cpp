#include "harness/run/run_session.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unistd.h>

#include "harness/report/console.h"
#include "harness/report/progress_line.h"
#include "harness/run/archive_retention.h"
#include "harness/run/case_runner.h"
#include "harness/run/case_selection.h"
#include "harness/run/run_folder.h"
#include "harness/run/suite.h"
#include "harness/run/torch_release.h"
#include "harness/run/worker_threads.h"

namespace exportcheck::run {
namespace {

std::string utc_now(const char* format) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string hostname() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

std::vector<report::StageResult> broken_results(const catalog::BrokenCase& b) {
  report::StageResult r;
  r.case_name = b.name;
  r.stage = "catalog";
  r.verdict = report::Verdict::Error;
  for (const auto& e : b.errors) r.message += (r.message.empty() ? "" : "\n") + e.str();
  return {r};
}

// The project's git commit, for the dashboard header; "" outside a checkout.
std::string git_commit(const std::filesystem::path& root) {
  std::string quoted;
  for (char c : root.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  std::string cmd = "git -C '" + quoted + "' rev-parse --short=12 HEAD 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "";
  char buf[64] = {};
  std::string out = fgets(buf, sizeof buf, p) ? buf : "";
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// reports/latest -> <run-id>, only for runs inside reports/.
void point_latest(const std::filesystem::path& reports, const std::filesystem::path& out) {
  if (std::filesystem::absolute(out).parent_path() != std::filesystem::absolute(reports)) return;
  auto link = reports / "latest";
  auto tmp = reports / (".latest." + std::to_string(getpid()));
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  std::filesystem::create_directory_symlink(out.filename(), tmp, ec);
  if (!ec) std::filesystem::rename(tmp, link, ec);
}

// Redraws the live progress line every second, so that elapsed and ETA move
// while every slot is inside a long case. `draw` runs with `mu` held, the
// mutex every console write of the run holds.
class Ticker {
 public:
  Ticker(std::mutex& mu, std::function<void()> draw) : mu_(mu), draw_(std::move(draw)) {
    thread_ = std::thread([this] {
      std::unique_lock lock(mu_);
      while (!stop_.wait_for(lock, std::chrono::seconds(1), [this] { return stopped_; })) draw_();
    });
  }
  ~Ticker() {
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
    }
    stop_.notify_all();
    thread_.join();
  }

 private:
  std::mutex& mu_;
  std::function<void()> draw_;
  std::condition_variable stop_;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace

std::string new_run_id() { return utc_now("%Y%m%d-%H%M%S"); }

namespace {
std::string worker_python_path(const RunOptions& options) {
  std::string python_path = options.root.string();
  if (!options.source_root.empty() && options.source_root != options.root) python_path += ":" + options.source_root.string();
  return python_path;
}
}  // namespace

catalog::Catalog load_run_catalog(const RunOptions& options) {
  if (!options.suite) return catalog::load_catalog(options.root);
  const auto log = std::filesystem::temp_directory_path() / ("exportcheck-suite-" + std::to_string(getpid()) + ".log");
  catalog::Catalog cat = load_suite(*options.suite, SuiteSource{options.python, options.root, worker_python_path(options), log});
  std::error_code ec;
  std::filesystem::remove(log, ec);
  cat.gaps = catalog::load_known_gaps(options.root);  // upstream gaps hold for external suites too
  return cat;
}

RunOutcome run_catalog(const catalog::Catalog& catalog, const RunOptions& options, std::ostream& console) {
  const Selection selection = select_cases(catalog, options);
  if (options.failed_cases && selection.size() == 0) {
    // `--failed-from`: none of the earlier run's failures is left to run. No run folder: nothing ran.
    if (!options.quiet)
      console << "exportcheck: none of the " << options.failed_cases->size() << " failed case(s) of "
              << options.failed_from << " is selected: nothing to rerun" << std::endl;
    return RunOutcome{};
  }
  const auto reports = options.root / "reports";
  std::filesystem::path out = options.out.value_or(reports / new_run_id());
  for (int n = 2; !options.out && std::filesystem::exists(out); ++n) out = reports / (new_run_id() + "-" + std::to_string(n));
  const bool fresh_out = !std::filesystem::exists(out);  // removed again if the torch check stops the run
  std::filesystem::create_directories(out / "logs");
  std::filesystem::create_directories(out / "cases");

  const auto started = std::chrono::steady_clock::now();
  report::Summary summary;
  summary.run.id = out.filename().string();
  summary.run.started_at = utc_now("%Y-%m-%dT%H:%M:%SZ");
  summary.run.host = hostname();
  summary.run.command = options.command_line;
  summary.run.root = std::filesystem::absolute(options.root).string();
  summary.run.commit = git_commit(options.root);
  if (options.shard)
    summary.run.shard = std::to_string(options.shard->index) + "/" + std::to_string(options.shard->count);
  for (const auto* c : selection.cases) summary.cases[c->name] = {c->tags, c->file, c->description};
  for (const auto* b : selection.broken) summary.cases[b->name] = {{}, b->file, ""};
  // What `report --rebuild` needs besides results.jsonl after a SIGKILL.
  write_run_header(out, summary);

  const int total = static_cast<int>(selection.size());
  int jobs = options.jobs > 0 ? options.jobs : usable_cores();
  jobs = std::min(jobs, static_cast<int>(selection.cases.size()));
  summary.run.jobs = std::max(jobs, 1);
  const WorkerThreads torch_threads =
      worker_threads(usable_cores(), summary.run.jobs, options.worker_threads, std::getenv("OMP_NUM_THREADS"));
  summary.run.worker_threads = torch_threads.count;
  summary.run.worker_threads_source = torch_threads.source;

  std::mutex mu;
  std::ofstream stream(out / "results.jsonl", std::ios::trunc);
  int done = 0;
  std::set<std::string> finished;
  // On a terminal: one updating line (done/total, unexpected, elapsed, ETA
  // from the previous run's case times) instead of a line per case; CI logs
  // (not a terminal) keep every case's line. Drawn only after the "running"
  // line, so nothing is printed onto it.
  const bool live = options.live_progress && !options.quiet;
  std::vector<std::string> names;
  for (const auto* c : selection.cases) names.push_back(c->name);
  for (const auto* b : selection.broken) names.push_back(b->name);
  // The previous run's case times: the ETA, and the order the slots take the
  // cases in (longest first).
  const std::map<std::string, double> previous_seconds = recorded_case_seconds(reports / "latest");
  std::vector<std::string> case_names;
  for (const auto* c : selection.cases) case_names.push_back(c->name);
  const std::vector<std::size_t> order = longest_first(case_names, previous_seconds);
  report::ProgressTracker tracker(names, live ? previous_seconds : std::map<std::string, double>{}, summary.run.jobs);
  bool drawing = false;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  auto draw = [&] {  // with mu held
    console << '\r' << report::progress_line(tracker.at(elapsed()), options.terminal_columns) << "\x1b[K" << std::flush;
  };
  auto publish = [&](const std::string& name, std::vector<report::StageResult> results, double seconds) {
    std::string lines;
    for (const auto& r : results) lines += report::to_json(r).dump() + "\n";
    std::lock_guard lock(mu);
    // One write per case, so a SIGKILL rarely cuts a case's records in two.
    stream.write(lines.data(), static_cast<std::streamsize>(lines.size()));
    stream.flush();
    finished.insert(name);
    ++done;
    if (live) {
      const bool unexpected = report::is_unexpected(report::case_verdict(results).verdict);
      tracker.finished(name, seconds, unexpected, elapsed());
      if (unexpected) {  // a permanent line above the live one
        if (drawing) console << "\r\x1b[K";
        report::print_progress(console, done, total, name, results, seconds);
      }
      if (drawing) draw();
    } else if (!options.quiet) {
      report::print_progress(console, done, total, name, results, seconds);
    }
    for (auto& r : results) summary.results.push_back(std::move(r));
  };

  for (const auto* b : selection.broken) publish(b->name, broken_results(*b), 0);

  if (!options.quiet && options.failed_cases)
    console << "exportcheck: rerunning " << total << " of the " << options.failed_cases->size()
            << " failed case(s) of " << options.failed_from << std::endl;
  if (!options.quiet)
    console << "exportcheck: running " << total << " case(s) with " << jobs << " worker slot(s)"
            << (torch_threads.count > 0 ? ", " + std::to_string(torch_threads.count) + " torch thread(s) per worker (" +
                                                  torch_threads.source + ")"
                                        : std::string())
            << " into " << out.string() << std::endl;

  GoldenOptions golden{options.root, options.update_golden, options.strict_golden};
  // Archives other releases saved (compat stages): --compat-from runs, then the frozen ones.
  std::vector<CompatSource> compat;
  if (!options.no_compat)
    compat = options.compat_only && !options.compat_from.empty()
                 ? options.compat_from
                 : merge_sources(options.compat_from, frozen_sources(options.root / "golden" / "archives"));
  std::atomic<size_t> next{0};
  const std::string python_path = worker_python_path(options);
  std::vector<std::unique_ptr<WorkerSlot>> slots;
  for (int i = 0; i < jobs; ++i) {
    slots.push_back(std::make_unique<WorkerSlot>(options.python, python_path, options.root, out / "logs", i,
                                                 options.exportcheck_binary, options.interrupt, torch_threads));
    // Both workers import torch now, in parallel with each other.
    slots.back()->exporter.start();
    slots.back()->loader.start();
  }
  // One torch: the workers' (the export worker's hello) must be the release
  // this binary's LibTorch is, or every C++ stage would run another torch's
  // archives (torch_release.h). A worker that does not start is left to the
  // cases, as before (each stage's CRASH with its stderr).
  // The other slots wait while slot 0's export worker starts (its own wait
  // is in its startup_wait_seconds): worker start-up in the run's summary.
  const auto ready_check = std::chrono::steady_clock::now();
  if (!options.libtorch_version.empty() && !slots.empty() &&
      slots.front()->exporter.wait_ready().status == worker::Reply::Status::Ok) {
    const std::string mismatch = torch_mismatch(options.libtorch_version,
                                                slots.front()->exporter.hello().value("torch", ""), options.python,
                                                options.source_root.empty() ? options.root : options.source_root);
    if (!mismatch.empty()) {
      slots.clear();  // kills the workers
      stream.close();
      std::error_code ec;
      if (fresh_out) std::filesystem::remove_all(out, ec);
      throw UsageError(mismatch);
    }
  }
  // SIGINT/SIGTERM raise the interrupt: a slot waiting on a worker wakes at
  // once (the worker's group is killed by Subprocess::read_line), its case
  // ends quickly (no worker starts any more), and the slot kills its other
  // workers and takes no further case. A case that ends after the signal is
  // not reported as run: its last stages saw dead workers.
  const double others_waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ready_check).count() * (jobs - 1);
  auto interrupted = [&] { return options.interrupt && options.interrupt->raised(); };
  std::optional<Ticker> ticker;
  if (live) {
    std::lock_guard lock(mu);
    drawing = true;
    draw();
    ticker.emplace(mu, draw);
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) {
    threads.emplace_back([&, i] {
      CaseRunner runner(*slots[i], golden, out / "cases",
                        ReplayOptions{options.runtimes, options.devices, options.exportcheck_binary,
                                      options.aoti_cache.empty() ? options.root / ".cache" / "aoti" : options.aoti_cache,
                                      compat, options.compat_only},
                        &catalog.gaps, options.memory_budget_mb);
      for (size_t k; !interrupted() && (k = next++) < selection.cases.size();) {
        const auto& c = *selection.cases[order[k]];
        auto t0 = std::chrono::steady_clock::now();
        std::vector<report::StageResult> results;
        try {
          // --mode / --ir: only those variants (select_cases kept cases that have one).
          results = options.modes.empty() && options.irs.empty()
                        ? runner.run(c)
                        : runner.run(narrow_variants(c, options.modes, options.irs).value_or(c));
        } catch (const std::exception& e) {
          // A harness bug must not take the run down: it is this case's ERROR.
          report::StageResult r;
          r.case_name = c.name;
          r.stage = "harness";
          r.verdict = report::Verdict::Error;
          r.message = std::string("internal error while running the case: ") + e.what();
          results = {r};
        }
        if (interrupted()) break;
        if (removes_archives(case_keep_archives(c, options.keep_archives), results)) {
          const Removed r = remove_case_archives(out / "cases" / c.name);
          std::lock_guard lock(mu);
          summary.run.archives_removed_cases += r.files > 0;
          summary.run.archives_removed_bytes += r.bytes;
        }
        publish(c.name, std::move(results),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      }
      if (interrupted()) slots[i]->kill_workers();  // the idle ones too: nothing outlives the harness
      else slots[i]->request_exit();  // no case left: exit while the other slots still run, not one by one at the end
    });
  }
  for (auto& t : threads) t.join();
  ticker.reset();
  if (drawing) console << "\r\x1b[K" << std::flush;  // the summary takes the live line's place
  const int stopped_by = options.interrupt ? options.interrupt->signal() : 0;
  if (stopped_by) {
    for (auto& s : slots) s->kill_workers();  // slots that had run out of cases before the signal
    for (const auto& [name, info] : summary.cases)
      if (!finished.count(name)) summary.results.push_back(interrupted_result(name));
  }
  bool cuda = false;
  for (auto& s : slots) {
    if (!s->exporter.hello().is_object()) continue;
    cuda = cuda || s->exporter.hello().value("cuda", false);
    if (summary.run.torch.empty()) {
      summary.run.torch = s->exporter.hello().value("torch", "");
      summary.run.python = s->exporter.hello().value("python", "");
    }
  }
  summary.run.devices = cuda ? std::vector<std::string>{"cpu", "cuda"} : std::vector<std::string>{"cpu"};
  summary.run.worker_startup_seconds = others_waited;
  for (const auto& slot : slots) summary.run.worker_startup_seconds += slot->startup_wait_seconds();
  slots.clear();

  // Records in catalog order, whatever order the slots finished in.
  sort_by_case(summary.results);
  summary.run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_reports(out, summary);
  point_latest(reports, out);
  if (!options.quiet) report::print_summary(console, summary);

  RunOutcome outcome;
  outcome.out_dir = out;
  for (const auto& r : summary.results)
    if (report::is_unexpected(r.verdict)) outcome.exit_code = 1;
  if (stopped_by) {
    outcome.interrupted_by = stopped_by;
    outcome.exit_code = 128 + stopped_by;  // as a shell reports a process ended by the signal
    if (!options.quiet)
      console << "exportcheck: interrupted by " << worker::signal_name(stopped_by) << ": " << done << " of " << total
              << " case(s) finished; the rest are recorded as not run (interrupted). Reports in " << out.string()
              << std::endl;
  }
  outcome.summary = std::move(summary);
  return outcome;
}

}  // namespace exportcheck::run

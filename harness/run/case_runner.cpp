#include "harness/run/case_runner.h"

#include <algorithm>
#include <chrono>

#include "harness/golden/program_info.h"
#include "harness/report/expectation_logic.h"
#include "harness/run/archive_stages.h"
#include "harness/run/memory_budget.h"
#include "harness/run/replay_stages.h"
#include "harness/run/stage_plan.h"
#include "harness/run/worker_reply.h"
#include "harness/worker/requests.h"

namespace exportcheck::run {
namespace {

using report::Outcome;
using report::StageResult;
using report::Verdict;
using nlohmann::json;

// Builds a case's records, applying its expectations to every outcome, and
// the project's known upstream gaps to failures the case has none for.
class Recorder {
 public:
  Recorder(const catalog::Case& c, const catalog::KnownGaps* gaps) : case_(c), gaps_(gaps) {}

  // The workers' torch version, which `torch:` ranges are checked against.
  void set_torch_version(std::string version) { torch_ = std::move(version); }

  // An expectation of unsupported/skip means "do not run": recorded here.
  bool recorded_as_not_run(const StageId& stage, const std::string& mode, const std::string& ir) {
    auto nr = report::not_run(case_.find_expectation(stage.str(), mode, ir, torch_));
    if (!nr) return false;
    add(stage, mode, ir, *nr, 0);
    return true;
  }

  Verdict outcome(const StageId& stage, const std::string& mode, const std::string& ir, const Outcome& o,
                  double seconds, json details = json::object()) {
    if (recorded_as_not_run(stage, mode, ir)) return results_.back().verdict;
    const std::string id = stage.str();
    const catalog::Expectation* expected = case_.find_expectation(id, mode, ir, torch_);
    std::string file = case_.file;
    if (!expected && o.kind == Outcome::Kind::Fail && gaps_) {
      expected = gaps_->explain(id, mode, ir, torch_, o.message);
      file = gaps_->file;
    }
    const report::Resolved r = report::resolve(o, expected, file);
    add(stage, mode, ir, r, seconds, std::move(details));
    return r.verdict;
  }

  // Kept from running by a stage it needs (stage_plan.h): SKIP with that reason.
  void not_run(const StageId& stage, const std::string& mode, const std::string& ir, const std::string& why) {
    add(stage, mode, ir, {Verdict::Skip, "not run: " + why, why, false}, 0);
  }

  // The runtime or device is absent here (e.g. no CUDA): not a failure.
  void unsupported(const StageId& stage, const std::string& mode, const std::string& ir, const std::string& why) {
    add(stage, mode, ir, {Verdict::Unsupported, why, why, false}, 0);
  }

  // A verdict decided by the harness itself (a replay bundle the exporter
  // could not write: ERROR), unless the case has its own expectation for
  // the stage, which then decides.
  void harness_verdict(const StageId& stage, const std::string& mode, const std::string& ir, Verdict v,
                       const Outcome& o, double seconds, json details = json::object()) {
    if (case_.find_expectation(stage.str(), mode, ir, torch_) != nullptr) {
      outcome(stage, mode, ir, o, seconds, std::move(details));
      return;
    }
    add(stage, mode, ir, {v, o.message, "", false}, seconds, std::move(details));
  }

  void add_result(StageResult r) { results_.push_back(std::move(r)); }
  std::vector<StageResult> take() { return std::move(results_); }

 private:
  void add(const StageId& stage, const std::string& mode, const std::string& ir, report::Resolved r, double seconds,
           json details = json::object()) {
    StageResult out;
    out.case_name = case_.name;
    out.stage = stage.str();
    out.variant = mode.empty() ? "" : mode + "/" + ir;
    out.verdict = r.verdict;
    out.message = std::move(r.message);
    out.reason = std::move(r.reason);
    out.finding = r.finding;
    out.seconds = seconds;
    out.details = std::move(details);
    results_.push_back(std::move(out));
  }

  const catalog::Case& case_;
  const catalog::KnownGaps* gaps_;
  std::string torch_;
  std::vector<StageResult> results_;
};

// The element of array `owner[list]` whose `key` is `value`; a pointer into
// `owner`, so `owner` must outlive it.
const json* find_by(const json& owner, const char* list, const char* key, const std::string& value) {
  auto it = owner.find(list);
  if (it == owner.end() || !it->is_array()) return nullptr;
  for (const auto& item : *it)
    if (item.is_object() && item.value(key, "") == value) return &item;
  return nullptr;
}

// A mode's samples left out of its bundle (ModeResult `dropped`,
// `dropped_reasons`) as {"count", "reasons"}; null when none was.
json dropped_samples(const json& mode_result) {
  const json count = mode_result.value("dropped", json(0));
  if (!count.is_number_integer() || count.get<std::int64_t>() <= 0) return nullptr;
  const json reasons = mode_result.value("dropped_reasons", json::array());
  return {{"count", count}, {"reasons", reasons.is_array() ? reasons : json::array()}};
}

// "note: 2 drawn sample(s) left out of the replay: eager on cpu: ... (+1 more reason)".
std::string dropped_note(const json& dropped) {
  std::string note = "note: " + std::to_string(dropped.value("count", 0)) + " drawn sample(s) left out of the replay";
  const json& reasons = dropped["reasons"];
  if (!reasons.empty() && reasons[0].is_string()) note += ": " + reasons[0].get<std::string>();
  if (reasons.size() > 1) note += " (+" + std::to_string(reasons.size() - 1) + " more reason(s))";
  return note;
}

// The archive's own account of who saved it, for compat messages: "torch
// 2.11.0+cu130, schema 8.12" (or why it could not be read).
std::string saved_by(const std::filesystem::path& archive, json& details) {
  try {
    const ProgramInfo info = read_program_info(archive.string());
    const std::string schema = std::to_string(info.schema_major) + "." + std::to_string(info.schema_minor);
    details["saved_by_torch"] = info.torch_version;
    details["archive_schema"] = schema;
    return "torch " + info.torch_version + ", schema " + schema;
  } catch (const std::exception& e) {
    return std::string("its model JSON unreadable: ") + e.what();
  }
}

// compat:<saved-by>:<runtime>: each program another release saved (frozen under
// golden/archives/, or another run's for a gate) replayed by this release's
// module() and C++ executor against the eager outputs frozen beside it. A
// failure names both releases and schema versions, so a refused archive says
// which schema the archive has and which this release reads.
void run_compat(WorkerSlot& slot, Recorder& rec, const catalog::Case& c, const ReplayOptions& options,
                const std::vector<std::string>& runtimes, const std::vector<std::string>& devices,
                const std::filesystem::path& dir) {
  if (options.compat.empty() || std::find(devices.begin(), devices.end(), "cpu") == devices.end()) return;
  const auto programs = compat_programs(options.compat, c.name, c.modes, c.irs);
  if (programs.empty()) return;
  std::vector<std::string> compat_runtimes;
  for (std::string_view r : catalog::schema::kCompatRuntimes)
    if (std::find(runtimes.begin(), runtimes.end(), r) != runtimes.end()) compat_runtimes.emplace_back(r);
  // Expectations narrowed with `torch:` need this release's version before anything runs.
  if (slot.loader.wait_ready().status == worker::Reply::Status::Ok)
    rec.set_torch_version(slot.loader.hello().value("torch", ""));
  const std::string model_module = c.normalized.contains("model") && c.normalized["model"].is_object()
                                       ? c.normalized["model"].value("module", "")
                                       : "";
  for (const CompatProgram& p : programs) {
    json archive_details = {{"source", p.origin}, {"archive", p.archive.string()}};
    const std::string saved = saved_by(p.archive, archive_details);
    for (const std::string& runtime : compat_runtimes) {
      const StageId id = StageId::compat(p.release, runtime);
      if (rec.recorded_as_not_run(id, p.mode, p.ir)) continue;
      if (p.bundle.empty()) {
        rec.harness_verdict(id, p.mode, p.ir, Verdict::Error,
                            {Outcome::Kind::Fail, "no replay bundle beside " + p.archive.string() +
                                                      " (frozen archives need their mode's replay.pt)"},
                            0);
        continue;
      }
      const RuntimeRequest request{runtime, "cpu", p.archive, p.bundle, c.normalized.value("tolerance", json::object()),
                                   model_module, c.normalized.value("preload", json::array()),
                                   dir / "repro" / ("compat-" + p.release + "-" + p.mode + "-" + p.ir + "-" + runtime),
                                   c.timeout_s, options.exportcheck_binary};
      const RuntimeCheck r = replay_check(runtime == "cpp" ? slot.cpp : slot.loader, request);
      if (r.unsupported) {
        rec.unsupported(id, p.mode, p.ir, *r.unsupported);
        continue;
      }
      Outcome o = r.check.outcome;
      json details = r.check.details;
      details["compat"] = archive_details;
      if (o.kind != Outcome::Kind::Pass) {
        const json& reader = slot.loader.hello();
        const std::string this_release =
            reader.is_object() ? "torch " + reader.value("torch", std::string("?")) + ", schema " + reader.value("schema", std::string("?"))
                               : "this release";
        o.message += " [archive saved by " + saved + " (" + p.origin + "); loaded by " + this_release + "]";
      }
      rec.outcome(id, p.mode, p.ir, o, r.check.seconds, details);
    }
  }
}

}  // namespace

std::vector<StageResult> CaseRunner::run(const catalog::Case& c) {
  Recorder rec(c, gaps_);
  const auto dir = std::filesystem::absolute(cases_dir_ / c.name);
  std::filesystem::create_directories(dir);
  const std::vector<std::string>& runtimes = replay_.runtimes.empty() ? all_runtimes() : replay_.runtimes;
  std::vector<std::string> devices;
  for (const auto& d : c.devices)
    if (replay_.devices.empty() || std::find(replay_.devices.begin(), replay_.devices.end(), d) != replay_.devices.end())
      devices.push_back(d);

  // What runs after export, and what a failed export keeps from running: the stage table.
  const std::vector<StageId> plan = variant_stages(runtimes, devices);
  const StageId export_stage = StageId::of(StageId::Kind::Export);
  auto mark_downstream = [&](const std::string& mode, const std::string& ir, const std::string& why) {
    for (const StageId& stage : dependents(StageId::Kind::Export, plan)) rec.not_run(stage, mode, ir, why);
  };

  // Each worker's resident memory while it serves this case: past it, the
  // worker is killed and the stage it served is CRASH naming peak and budget.
  slot_.set_memory_budget(case_memory_budget(c, memory_budget_mb_));
  // Every way out of this function records the compat stages first.
  auto finish = [&] {
    run_compat(slot_, rec, c, replay_, runtimes, devices, dir);
    return rec.take();
  };
  if (replay_.compat_only) return finish();
  auto reply =
      slot_.exporter.call(worker::export_request(c.normalized, dir.string()), std::chrono::duration<double>(c.timeout_s));
  // No ready line (the worker never started): null, and no torch range applies.
  if (const json& hello = slot_.exporter.hello(); hello.is_object()) rec.set_torch_version(hello.value("torch", ""));

  // A package the case requires is absent here (`requires:`): nothing to run.
  if (reply.status == worker::Reply::Status::Ok && reply.body.value("ok", false) && reply.body.contains("setup") &&
      reply.body["setup"].contains("unsupported")) {
    const std::string why = reply.body["setup"].value("unsupported", "");
    for (const auto& mode : c.modes)
      for (const auto& ir : c.irs) {
        rec.unsupported(export_stage, mode, ir, why);
        mark_downstream(mode, ir, "export UNSUPPORTED");
      }
    return finish();
  }

  // Whole-request failures: the worker died or hung, or the exporter itself raised.
  std::optional<Outcome> all_failed;
  if (auto failure = worker_failure(reply)) {
    all_failed = failure;
  } else if (!reply.body.value("ok", false)) {
    all_failed = Outcome{Outcome::Kind::Fail, "exporter error: " + error_text(reply.body)};
  } else if (reply.body.contains("setup") && !reply.body["setup"].value("ok", true)) {
    all_failed = Outcome{Outcome::Kind::Fail, "model setup failed: " + error_text(reply.body["setup"])};
  }
  // torch global state the model changed, which the worker restored (exporter/PROTOCOL.md):
  // on every export record, and as a passing export's message, so the case's author learns it.
  json export_details = json::object();
  std::string global_state_note;
  if (reply.status == worker::Reply::Status::Ok) {
    const json changes = reply.body.value("global_state", json::array());
    if (changes.is_array() && !changes.empty()) {
      export_details["global_state"] = changes;
      global_state_note = "note: the model changed torch global state (restored):";
      for (size_t i = 0; i < changes.size(); ++i)
        global_state_note += (i ? "; " : " ") + (changes[i].is_string() ? changes[i].get<std::string>() : changes[i].dump());
    }
  }

  if (all_failed) {
    for (const auto& mode : c.modes)
      for (const auto& ir : c.irs) {
        auto v = rec.outcome(export_stage, mode, ir, *all_failed, reply.seconds, export_details);
        mark_downstream(mode, ir, "export " + std::string(report::to_string(v)));
      }
    return finish();
  }

  const json& body = reply.body;
  const std::string model_module = body.value("model_module", "");
  const json eager = body.value("eager", json::object());

  for (const auto& mode : c.modes) {
    const json* exp = find_by(body, "exports", "mode", mode);
    for (const auto& ir : c.irs) {
      Outcome export_outcome{Outcome::Kind::Pass, global_state_note};
      double seconds = 0;
      const json* program = nullptr;
      if (!exp) {
        export_outcome = {Outcome::Kind::Fail, "exporter returned no result for mode " + mode};
      } else if (!exp->value("ok", false)) {
        export_outcome = {Outcome::Kind::Fail, error_text(*exp)};
        seconds = exp->value("seconds", 0.0);
      } else {
        program = find_by(*exp, "programs", "ir", ir);
        seconds = exp->value("seconds", 0.0) + (program ? program->value("seconds", 0.0) : 0.0);
        if (!program) {
          export_outcome = {Outcome::Kind::Fail, "exporter returned no program for IR " + ir};
        } else if (!program->value("ok", false)) {
          export_outcome = {Outcome::Kind::Fail, ir + ": " + error_text(*program)};
        }
      }
      auto v = rec.outcome(export_stage, mode, ir, export_outcome, seconds, export_details);
      if (export_outcome.kind != Outcome::Kind::Pass || v == Verdict::Unsupported || v == Verdict::Skip) {
        mark_downstream(mode, ir, "export " + std::string(report::to_string(v)));
        continue;
      }
      const std::filesystem::path archive = program->value("archive", "");
      // The mode's replay bundle (format 2, harness/replay/BUNDLE.md); null when it could not be written.
      const json mode_bundle_value = exp->value("bundle", json());
      const std::string mode_bundle = mode_bundle_value.is_string() ? mode_bundle_value.get<std::string>() : "";

      const StageId archive_stage = StageId::of(StageId::Kind::Archive);
      if (!rec.recorded_as_not_run(archive_stage, mode, ir)) {
        const Check a = archive_check(archive);
        rec.outcome(archive_stage, mode, ir, a.outcome, a.seconds, a.details);
      }
      // roundtrip:validate/bytes/reload; an unsupported/skip expectation keeps a check from running.
      std::vector<std::string> wanted;
      for (std::string_view check : catalog::schema::kRoundtripChecks)
        if (!rec.recorded_as_not_run(StageId::roundtrip(std::string(check)), mode, ir)) wanted.emplace_back(check);
      if (!wanted.empty()) {
        const RoundtripRequest request{archive, dir / "roundtrip" / mode, mode_bundle, model_module, c.timeout_s,
                                       c.normalized.value("preload", json::array())};
        for (const RoundtripCheck& check : roundtrip_checks(slot_.loader, request)) {
          if (std::find(wanted.begin(), wanted.end(), check.name) == wanted.end()) continue;
          if (check.result)
            rec.outcome(StageId::roundtrip(check.name), mode, ir, check.result->outcome, check.result->seconds,
                        check.result->details);
          else
            rec.not_run(StageId::roundtrip(check.name), mode, ir, check.not_run_reason);
        }
      }

      const StageId golden_id = StageId::of(StageId::Kind::Golden);
      if (!rec.recorded_as_not_run(golden_id, mode, ir)) {
        auto g = golden_stage(golden_, c.name, mode, mode == c.modes.front(), ir, archive);
        g.variant = mode + "/" + ir;
        // Golden has verdicts of its own (FIXED, DRIFT); expectations apply to pass/fail.
        if (g.verdict == Verdict::Pass || g.verdict == Verdict::Fail) {
          Outcome o{g.verdict == Verdict::Pass ? Outcome::Kind::Pass : Outcome::Kind::Fail, g.message};
          rec.outcome(golden_id, mode, ir, o, g.seconds, g.details);
        } else {
          rec.add_result(std::move(g));
        }
      }

      std::string bundle_error;
      if (exp->contains("bundle_error")) {
        const json& be = (*exp)["bundle_error"];
        bundle_error = "the exporter wrote no replay bundle for " + mode + ": " +
                       (be.is_object() ? be.value("reason", error_text(be)) : be.dump());
      }
      // Drawn samples the exporter left out of the bundle (eager raised on them, or
      // a 0/1 size the program's guards refuse): said on each replay record, so a
      // PASS over fewer samples than asked for is visible.
      const json dropped = dropped_samples(*exp);
      for (const auto& runtime : runtimes) {
        // The C++ worker runs our executor and AOTInductor packages; the load worker the Python runtimes.
        worker::JsonLinesWorker& runner = runtime == "cpp" || runtime == "aoti" ? slot_.cpp : slot_.loader;
        for (const auto& device : devices) {
          RuntimeRequest request{runtime, device, archive, mode_bundle, c.normalized.value("tolerance", json::object()),
                                 model_module, c.normalized.value("preload", json::array()),
                                 dir / "repro" / (mode + "-" + ir + "-" + runtime + "-" + device), c.timeout_s,
                                 exportcheck_binary_};
          const StageId replay = StageId::replay(runtime, device);
          const StageId guards = StageId::guards(runtime, device);
          const bool run_replay = !rec.recorded_as_not_run(replay, mode, ir);
          const bool run_guards = !rec.recorded_as_not_run(guards, mode, ir);
          const StageId sequence = StageId::sequence(runtime, device);
          const bool run_sequence = !rec.recorded_as_not_run(sequence, mode, ir);
          if (!run_replay && !run_guards && !run_sequence) continue;
          if (!bundle_error.empty()) {
            for (const auto& [stage, wanted] : {std::pair{replay, run_replay}, std::pair{guards, run_guards}, std::pair{sequence, run_sequence}})
              if (wanted)
                rec.harness_verdict(stage, mode, ir, Verdict::Error, {Outcome::Kind::Fail, bundle_error}, 0);
            continue;
          }
          const json dev = eager.value(device, json::object());
          if (!dev.value("ok", false)) {
            for (const auto& [stage, wanted] : {std::pair{replay, run_replay}, std::pair{guards, run_guards}, std::pair{sequence, run_sequence}}) {
              if (!wanted) continue;
              if (dev.contains("error_type"))
                rec.outcome(stage, mode, ir,
                            {Outcome::Kind::Fail, "eager reference failed on " + device + ": " + error_text(dev)}, 0);
              else
                rec.unsupported(stage, mode, ir, dev.value("reason", "no eager reference on " + device));
            }
            continue;
          }
          // aoti: compile first (or take the package from the compile cache); its time and
          // cache status go on every aoti record, its seconds on the first.
          json compile_details = json::object();
          double compile_seconds = 0;
          if (runtime == "aoti") {
            const worker::AotiCompileTarget target{archive.string(), device, aoti_cache_.string(), json::object(),
                                                   model_module, c.normalized.value("preload", json::array())};
            const AotiCompile compiled = aoti_compile(slot_.loader, target, c.timeout_s);
            if (!compiled.package) {
              for (const auto& [stage, wanted] : {std::pair{replay, run_replay}, std::pair{guards, run_guards}, std::pair{sequence, run_sequence}}) {
                if (!wanted) continue;
                if (compiled.unsupported)
                  rec.unsupported(stage, mode, ir, *compiled.unsupported);
                else
                  rec.outcome(stage, mode, ir, *compiled.failed, compiled.seconds, compiled.details);
              }
              continue;
            }
            request.package = *compiled.package;
            compile_details = compiled.details;
            compile_seconds = compiled.seconds;
          }
          auto record = [&](const StageId& stage, const RuntimeCheck& r) {
            if (r.unsupported) {
              rec.unsupported(stage, mode, ir, *r.unsupported);
              return;
            }
            json details = r.check.details;
            details.update(compile_details);
            rec.outcome(stage, mode, ir, r.check.outcome, r.check.seconds + compile_seconds, details);
            compile_seconds = 0;
          };
          if (run_replay) {
            RuntimeCheck r = replay_check(runner, request);
            if (!dropped.is_null()) {
              r.check.details["dropped"] = dropped;
              if (r.check.outcome.kind == Outcome::Kind::Pass && r.check.outcome.message.empty())
                r.check.outcome.message = dropped_note(dropped);
            }
            record(replay, r);
          }
          if (run_guards) record(guards, guards_check(runner, request));
          if (run_sequence) record(sequence, sequence_check(runner, request));
        }
      }
    }
  }
  return finish();
}

}  // namespace exportcheck::run

#pragma once
// Every request the C++ side sends to a worker, built in one place. Field
// names follow exporter/protocol.py (the source of truth; exporter/PROTOCOL.md
// says what they mean). JsonLinesWorker::call adds the "id".
//
//   op           role            builder             protocol.py type
//   export       export          export_request      ExportRequest
//   list_suite   export          list_suite_request  ListSuiteRequest
//   repro        export          repro_request       ReproRequest
//   replay       load, cpp       replay_request      ReplayRequest
//   guards       load, cpp       guards_request      GuardsRequest
//   sequence     load, cpp       sequence_request    SequenceRequest
//   resave       load            resave_request      ResaveRequest
//   aoti_compile load            aoti_compile_request AotiCompileRequest
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/worker/tolerance.h"

namespace exportcheck::worker {

// A replay reply's "status" when a sample has no eager output on the device
// (eager failed there): a device-level gap, no repro (exporter/protocol.py NO_EAGER_OUTPUT).
inline constexpr const char* kNoEagerOutput = "no_eager_output";

// {"op": "export", "case": CASE, "out_dir": DIR}: export every mode and IR of
// the normalized case (catalog/) under `out_dir`.
nlohmann::json export_request(const nlohmann::json& normalized_case, const std::string& out_dir);

// {"op": "list_suite", "suite": NAME}: the cases of an external suite.
nlohmann::json list_suite_request(const std::string& suite);

// What `exportcheck repro` asks the export worker to write: a standalone
// script (torch only) for one stage of one case, in `out_dir`.
struct ReproTarget {
  std::string stage;         // export | roundtrip:reload | replay:module:<device> | guards:module:<device>
  std::string mode;          // nonstrict | strict
  std::string ir;
  std::string out_dir;
  std::optional<int> sample;  // replay: the bundle's sample index; guards: the guard's; none: the first failing
  Tolerance tolerance;       // the case's override; sent resolved, as in replay
};

// {"op": "repro", "case", "stage", "mode", "ir", "out_dir", "tolerances"[, "sample"][, "preload"]}.
nlohmann::json repro_request(const nlohmann::json& normalized_case, const ReproTarget& target,
                             const nlohmann::json& preload = nlohmann::json::array());

// What a replay or guards request runs: one archive and its mode's bundle on
// one runtime and device.
struct RuntimeTarget {
  std::string runtime;       // module | nativert (load worker) | cpp (cpp worker)
  std::string device;        // cpu | cuda | cuda:N
  std::string archive;       // <case>/<mode>/<ir>.pt2
  std::string bundle;        // <case>/<mode>/replay.pt
  Tolerance tolerance;       // the case's override
  std::string model_module;  // forbidden in the load worker ("": none)
  nlohmann::json preload = nlohmann::json::array();  // modules imported first (custom ops); sent when non-empty
  std::string package;       // aoti (cpp worker): the AOTInductor package compiled from `archive`; sent when set
};

// {"op": "replay", "runtime", "device", "archive", "bundle", "tolerance",
//  "tolerances", "forbid_modules"[, "preload"]}: `tolerance` is the case's
// override, `tolerances` the table resolved from it (resolved_tolerances),
// which the Python runtimes compare with.
nlohmann::json replay_request(const RuntimeTarget& target);

// {"op": "guards", ...}: the replay fields without `tolerances` (guards compare nothing).
nlohmann::json guards_request(const RuntimeTarget& target);

// {"op": "sequence", ...}: the replay fields; one runner called with every sample
// in order, without reset, against the bundle's `sequence` reference.
nlohmann::json sequence_request(const RuntimeTarget& target);

// {"op": "resave", "archive", "out", "bundle", "forbid_modules"[, "preload"]}:
// torch.export.load(archive) + save to `out` in the load worker; `bundle`
// ("" for none) is loaded first to register the input types.
nlohmann::json resave_request(const std::string& archive, const std::string& out, const std::string& bundle,
                              const std::string& model_module, const nlohmann::json& preload = nlohmann::json::array());

// {"op": "aoti_compile", "archive", "device", "cache_dir", "options", "forbid_modules"[, "preload"]}:
// the archive compiled by AOTInductor in the load worker (exporter/aoti_compile.py),
// through the compile cache under `cache_dir`.
struct AotiCompileTarget {
  std::string archive;
  std::string device;
  std::string cache_dir;
  nlohmann::json options = nlohmann::json::object();  // inductor_configs; part of the cache key
  std::string model_module;                          // forbidden while compiling ("": none)
  nlohmann::json preload = nlohmann::json::array();
};
nlohmann::json aoti_compile_request(const AotiCompileTarget& target);

}  // namespace exportcheck::worker

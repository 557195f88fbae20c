// `exportcheck repro CASE --stage STAGE --out DIR`: a standalone script for one
// stage of one case, needing only torch, to attach to an upstream bug report
// (a repro bundle needs exportcheck to replay). The harness resolves the case
// and the stage; the export worker writes the script (op "repro",
// exporter/repro.py), because Python knows the model's source and how the
// exporter builds dynamic shapes.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "harness/catalog/catalog.h"
#include "harness/catalog/stage_id.h"
#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/cli/project_root.h"
#include "harness/report/standalone_repro.h"
#include "harness/worker/json_lines_worker.h"
#include "harness/worker/requests.h"

namespace exportcheck::cli {
namespace {

const char* kUsage = R"usage(usage: exportcheck repro CASE --stage STAGE --out DIR
                         [--mode nonstrict|strict] [--ir IR] [--sample K]
                         [--python PATH] [--root DIR]

Writes DIR/repro.py, DIR/inputs.pt and (when the model is the catalog's own)
verbatim copies of the model's modules: a script that needs only torch and
reproduces one stage's failure, for an upstream bug report. Running it prints
the mismatch and exits 1; it exits 0 once torch behaves, 2 when it cannot
reach its check.

  STAGE     export                  the export call (with the IR's decompositions, save) raises
            roundtrip:reload        torch.export.save + load changes the program or its output
            replay:module:DEVICE    ep.module() at one replay sample's sizes differs from eager
                                    (the case's tolerance)
            guards:module:DEVICE    ep.module() accepts a size outside the exported range
  --mode    the export mode (default: the case's first)
  --ir      the IR level (default: the case's first)
  --sample  replay: the sample index a replay message names ("sample 2 (...)");
            guards: the guard sample's index; default: the first that fails here

Other stages (archive, golden, roundtrip:validate|bytes, the cpp and nativert
runtimes) test exportcheck's own code or need more than a plain torch: refused
with exit 2. Exit 0 written, 2 usage, catalog or worker error.
)usage";

std::optional<int> sample_flag(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0)
    throw UsageError("exportcheck repro: --sample needs a non-negative integer, got '" + *text + "'");
  return value;
}

std::string pick(const std::optional<std::string>& flag, const std::vector<std::string>& allowed, const char* what,
                 const std::string& case_name) {
  if (allowed.empty()) throw UsageError(std::string("exportcheck repro: case ") + case_name + " has no " + what);
  if (!flag) return allowed.front();
  if (std::find(allowed.begin(), allowed.end(), *flag) == allowed.end()) {
    std::string names;
    for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
    throw UsageError(std::string("exportcheck repro: case ") + case_name + " has no " + what + " '" + *flag +
                     "' (it has: " + names + ")");
  }
  return *flag;
}

}  // namespace

int repro_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck repro");
  if (args.flag("--help") || args.flag("-h")) {
    std::cout << kUsage;
    return 0;
  }
  auto stage_text = args.value("--stage");
  auto out = args.value("--out");
  auto mode_flag = args.value("--mode");
  auto ir_flag = args.value("--ir");
  auto sample = sample_flag(args.value("--sample"));
  auto python = args.value("--python");
  auto root_flag = args.value("--root");
  auto case_name = args.positional();
  args.finish();
  if (!case_name || !stage_text || !out)
    throw UsageError("exportcheck repro: needs CASE, --stage and --out\n\n" + std::string(kUsage));
  auto stage = catalog::StageId::parse(*stage_text);
  if (!stage) throw UsageError("exportcheck repro: unknown stage '" + *stage_text + "'");
  if (auto why = report::unreproducible(*stage); !why.empty()) {
    std::cerr << "exportcheck repro: no standalone repro for " << stage->str() << ": " << why << "\n";
    return 2;
  }

  const auto root = find_root(root_flag);
  const catalog::Catalog cat = catalog::load_catalog(root);
  const catalog::Case* c = cat.find(*case_name);
  if (!c) throw UsageError("exportcheck repro: no case '" + *case_name + "' in " + (root / "cases").string());
  worker::ReproTarget target{stage->str(), pick(mode_flag, c->modes, "mode", c->name),
                             pick(ir_flag, c->irs, "IR level", c->name), std::filesystem::absolute(*out).string(),
                             sample, worker::Tolerance::from_json(c->normalized.value("tolerance", nlohmann::json()))};

  const auto source = find_source_root(root);
  worker::WorkerConfig config;
  config.python = find_python(python, root);
  config.root = root;
  config.python_path = source == root ? root.string() : root.string() + ":" + source.string();
  config.role = "export";
  config.log_path = std::filesystem::temp_directory_path() / ("exportcheck-repro-" + std::to_string(getpid()) + ".log");
  worker::JsonLinesWorker exporter(config);
  const auto reply = exporter.call(
      worker::repro_request(c->normalized, target, c->normalized.value("preload", nlohmann::json::array())),
      std::chrono::duration<double>(c->timeout_s));
  std::error_code ec;
  if (reply.status != worker::Reply::Status::Ok) {
    std::cerr << "exportcheck repro: the export worker "
              << (reply.status == worker::Reply::Status::Timeout ? "timed out" : "crashed") << ": " << reply.message
              << "\n";
    return 2;
  }
  std::filesystem::remove(config.log_path, ec);
  const auto& body = reply.body;
  if (!body.value("ok", false)) {
    std::cerr << "exportcheck repro: " << body.value("error_type", std::string()) << ": "
              << body.value("message", std::string()) << "\n";
    return 2;
  }
  std::cout << "wrote " << body.value("script", std::string()) << " (" << c->name << ", " << target.stage << ", "
            << target.mode << "/" << target.ir;
  if (body.contains("label")) std::cout << ", sample " << body.value("sample", 0) << " " << body.value("label", "");
  std::cout << ")\n";
  if (body.contains("fails_here") && !body.value("fails_here", false))
    std::cout << "note: that sample does not fail here; the script will exit 0 on this torch\n";
  std::cout << "files:";
  for (const auto& f : body.value("files", nlohmann::json::array())) std::cout << " " << f.get<std::string>();
  std::cout << "\nrun: python " << body.value("script", std::string()) << "\n";
  return 0;
}

}  // namespace exportcheck::cli

#pragma once
// `exportcheck repro CASE --stage STAGE --out DIR` (cli/repro_command.cpp)
// writes a torch-only script for one stage of one case, for an upstream bug
// report. Which stages have one, and the command for a record, are decided
// here once: the repro command refuses the others, the reports show the
// command or say why there is none.
#include <string>

#include "harness/catalog/stage_id.h"
#include "harness/report/stage_result.h"

namespace exportcheck::report {

// Why `stage` has no plain-torch repro, or "" when it has one (export,
// roundtrip:reload, replay:module:D, guards:module:D).
std::string unreproducible(const catalog::StageId& stage);

struct StandaloneRepro {
  std::string command;      // "build/exportcheck repro CASE --stage S --mode M --ir I --out repro/..."; "" when none
  std::string unavailable;  // why there is none; "" when there is one
};

// The repro of one record: its case, stage and variant. None for a case of
// an external suite (`<suite>/<name>`: `exportcheck repro` reads cases/
// only) or a stage unreproducible() refuses.
StandaloneRepro standalone_repro(const StageResult& r);

}  // namespace exportcheck::report

#pragma once
// The stage graph of one export variant (mode × IR), as data: which stages
// there are, in the order they run, and what each needs. A stage whose
// need did not pass is recorded SKIP ("not run: export FAIL") by the case
// runner from this table, so a new stage is one row here plus its runner.
#include <string>
#include <vector>

#include "harness/catalog/stage_id.h"

namespace exportcheck::run {

using catalog::StageId;

struct StageRow {
  StageId::Kind kind;
  std::vector<StageId::Kind> needs;  // each must have passed for this stage to run
};

// export → archive, roundtrip:{validate,bytes,reload}, golden, replay:R:D, guards:R:D, sequence:R:D.
const std::vector<StageRow>& stage_table();

// Every stage of a variant for these runtimes and devices, in table order
// (replay, guards and sequence once per runtime × device).
std::vector<StageId> variant_stages(const std::vector<std::string>& runtimes, const std::vector<std::string>& devices);

// The stages of `plan` that need `failed`, directly or through another stage.
std::vector<StageId> dependents(StageId::Kind failed, const std::vector<StageId>& plan);

}  // namespace exportcheck::run

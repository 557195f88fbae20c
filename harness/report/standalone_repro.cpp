#include "harness/report/standalone_repro.h"

#include <optional>

namespace exportcheck::report {

std::string unreproducible(const catalog::StageId& stage) {
  using Kind = catalog::StageId::Kind;
  switch (stage.kind) {
    case Kind::Export:
      return "";
    case Kind::Roundtrip:
      return stage.check == "reload" ? ""
                                     : "roundtrip:" + stage.check + " checks exportcheck's C++ rewrite of the archive; "
                                       "only roundtrip:reload has a plain-torch form (torch.export.save + load)";
    case Kind::Replay:
    case Kind::Guards:
      if (stage.runtime == "module") return "";
      return "runtime " + stage.runtime +
             (stage.runtime == "cpp"    ? " is exportcheck's own C++ executor"
              : stage.runtime == "aoti" ? " (an AOTInductor package run from C++) replays from the repro bundle of its "
                                          "replay stage (exportcheck replay --runtime aoti --package ...)"
                                        : " (NativeRT) is not usable from a plain torch build") +
             "; a standalone repro runs the module runtime (" + std::string(catalog::root_name(stage.kind)) +
             ":module:" + stage.device + ")";
    case Kind::Sequence:
      return "sequence:" + stage.runtime + ":" + stage.device +
             " has no standalone repro script (exportcheck repro writes export, roundtrip:reload, replay:module and "
             "guards:module); its message names the call where eager and the program part";
    case Kind::Compat:
      return "compat:" + stage.check + ":" + stage.runtime + " replays an archive torch " + stage.check +
             " saved (golden/archives/ or another run's archive) with this release; its repro bundle is under the "
             "case's repro/compat-* folder";
    case Kind::Archive:
      return "archive is exportcheck's own PT2 checks of the saved file";
    case Kind::Golden:
      return "golden compares with exportcheck's committed golden IR";
    case Kind::Catalog:
      return "catalog is an error in the case file";
  }
  return "unknown stage kind";
}

StandaloneRepro standalone_repro(const StageResult& r) {
  if (const auto slash = r.case_name.find('/'); slash != std::string::npos)
    return {"", r.case_name + " is a case of the suite " + r.case_name.substr(0, slash) +
                    ", not of cases/ (exportcheck repro reads cases/ only); the suite's own example is the repro"};
  const std::optional<catalog::StageId> stage = catalog::StageId::parse(r.stage);
  if (!stage) return {"", "stage " + r.stage + " is not a stage of a case"};
  if (std::string why = unreproducible(*stage); !why.empty()) return {"", why};
  std::string command = "build/exportcheck repro " + r.case_name + " --stage " + r.stage;
  std::string out = r.case_name + "-" + r.stage;
  if (const auto slash = r.variant.find('/'); slash != std::string::npos) {
    command += " --mode " + r.variant.substr(0, slash) + " --ir " + r.variant.substr(slash + 1);
    out += "-" + r.variant.substr(0, slash) + "-" + r.variant.substr(slash + 1);
  }
  for (char& c : out)
    if (c == ':') c = '-';
  return {command + " --out repro/" + out, ""};
}

}  // namespace exportcheck::report

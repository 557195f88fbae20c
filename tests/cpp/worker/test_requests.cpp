// harness/worker/requests.h (every request the harness sends) and
// tolerance.h (the one tolerance table), checked against exporter/protocol.py,
// the source of truth for field names, and against the Python fallback copy
// of the table (exporter/baseline.py, for scripts/bench-baseline).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "harness/worker/requests.h"
#include "harness/worker/tolerance.h"

using nlohmann::json;
namespace w = exportcheck::worker;

namespace {

w::RuntimeTarget target(const std::string& runtime = "module") {
  w::RuntimeTarget t;
  t.runtime = runtime;
  t.device = "cpu";
  t.archive = "/r/case/nonstrict/training.pt2";
  t.bundle = "/r/case/nonstrict/replay.pt";
  t.model_module = "exportdb.seed_examples";
  return t;
}

// stdout of `python -c CODE` run in the source tree, or nothing when it fails.
std::optional<std::string> run_python(const std::string& code) {
  if (!std::filesystem::exists(EXPORTCHECK_PYTHON)) return std::nullopt;
  const std::string command = "cd '" + std::string(EXPORTCHECK_SOURCE_DIR) + "' && PYTHONPATH=. '" +
                              std::string(EXPORTCHECK_PYTHON) + "' -c '" + code + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
  if (pclose(pipe.release()) != 0) return std::nullopt;
  return out;
}

std::set<std::string> keys(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

}  // namespace

TEST(Requests, ExportAndListSuite) {
  const json c = {{"name", "seed_cond"}, {"tolerance", {{"atol", nullptr}, {"rtol", nullptr}}}};
  EXPECT_EQ(w::export_request(c, "/r/cases/seed_cond"),
            json({{"op", "export"}, {"case", c}, {"out_dir", "/r/cases/seed_cond"}}));
  EXPECT_EQ(w::list_suite_request("exportdb-upstream"), json({{"op", "list_suite"}, {"suite", "exportdb-upstream"}}));
}

// repro sends the case, the stage variant and the resolved table the script compares with.
TEST(Requests, Repro) {
  const json c = {{"name", "dim_at_min"}};
  w::Tolerance override;
  override.atol = 0.5;
  const json r = w::repro_request(c, {"replay:module:cpu", "strict", "core_aten", "/out", std::nullopt, override});
  EXPECT_EQ(r["op"], "repro");
  EXPECT_EQ(r["case"], c);
  EXPECT_EQ(r["stage"], "replay:module:cpu");
  EXPECT_EQ(r["mode"], "strict");
  EXPECT_EQ(r["ir"], "core_aten");
  EXPECT_EQ(r["out_dir"], "/out");
  EXPECT_EQ(r["tolerances"], w::resolved_tolerances(override));
  EXPECT_FALSE(r.contains("sample"));
  EXPECT_FALSE(r.contains("preload"));
  EXPECT_EQ(w::repro_request(c, {"guards:module:cpu", "nonstrict", "training", "/o", 0, {}})["sample"], 0);
}

TEST(Requests, ReplaySendsTheOverrideAndTheResolvedTable) {
  w::RuntimeTarget t = target();
  t.tolerance.atol = 0.5;
  const json r = w::replay_request(t);
  EXPECT_EQ(r, json({{"op", "replay"},
                     {"runtime", "module"},
                     {"device", "cpu"},
                     {"archive", "/r/case/nonstrict/training.pt2"},
                     {"bundle", "/r/case/nonstrict/replay.pt"},
                     {"tolerance", {{"atol", 0.5}, {"rtol", nullptr}}},
                     {"tolerances", w::resolved_tolerances(t.tolerance)},
                     {"forbid_modules", {"exportdb.seed_examples"}}}));
  EXPECT_EQ(r["tolerances"]["float32"], json({{"atol", 0.5}, {"rtol", 1.3e-6}}));
  EXPECT_EQ(r["tolerances"]["default"], json({{"atol", 0.5}, {"rtol", 0.0}}));
  EXPECT_FALSE(r.contains("preload")) << "preload is sent only when the case has one";
}

TEST(Requests, GuardsHasTheReplayFieldsButNoTable) {
  w::RuntimeTarget t = target("cpp");
  t.model_module.clear();
  t.preload = json::array({"exportdb.custom_ops"});
  json g = w::guards_request(t);
  EXPECT_EQ(g["op"], "guards");
  EXPECT_EQ(g["runtime"], "cpp");
  EXPECT_EQ(g["tolerance"], json({{"atol", nullptr}, {"rtol", nullptr}}));
  EXPECT_EQ(g["forbid_modules"], json::array());
  EXPECT_EQ(g["preload"], json::array({"exportdb.custom_ops"}));
  EXPECT_FALSE(g.contains("tolerances"));
  json r = w::replay_request(t);
  r.erase("tolerances");
  r["op"] = "guards";
  EXPECT_EQ(r, g);
}

TEST(Requests, Resave) {
  EXPECT_EQ(w::resave_request("/a.rewritten.pt2", "/a.resaved.pt2", "/replay.pt", "m"),
            json({{"op", "resave"}, {"archive", "/a.rewritten.pt2"}, {"out", "/a.resaved.pt2"}, {"bundle", "/replay.pt"},
                  {"forbid_modules", {"m"}}}));
  const json r = w::resave_request("/a", "/b", "", "", json::array({"ops"}));
  EXPECT_EQ(r["forbid_modules"], json::array());
  EXPECT_EQ(r["bundle"], "");
  EXPECT_EQ(r["preload"], json::array({"ops"}));
  EXPECT_FALSE(w::resave_request("/a", "/b", "", "", json()).contains("preload"));
}

TEST(Tolerances, AssertCloseDefaults) {
  EXPECT_EQ(w::default_tolerance("float16"), (w::ToleranceValues{1e-5, 1e-3}));
  EXPECT_EQ(w::default_tolerance("bfloat16"), (w::ToleranceValues{1e-5, 1.6e-2}));
  EXPECT_EQ(w::default_tolerance("float32"), (w::ToleranceValues{1e-5, 1.3e-6}));
  EXPECT_EQ(w::default_tolerance("float64"), (w::ToleranceValues{1e-7, 1e-7}));
  EXPECT_EQ(w::default_tolerance("complex32"), (w::ToleranceValues{1e-5, 1e-3}));
  EXPECT_EQ(w::default_tolerance("complex64"), (w::ToleranceValues{1e-5, 1.3e-6}));
  EXPECT_EQ(w::default_tolerance("complex128"), (w::ToleranceValues{1e-7, 1e-7}));
  EXPECT_EQ(w::default_tolerance("int64"), (w::ToleranceValues{0, 0}));
  EXPECT_EQ(w::default_tolerance("bool"), (w::ToleranceValues{0, 0}));
}

TEST(Tolerances, OverrideReplacesOnlyWhatItSets) {
  EXPECT_EQ(w::resolve_tolerance("float16", {std::nullopt, 0.25}), (w::ToleranceValues{1e-5, 0.25}));
  EXPECT_EQ(w::resolve_tolerance("int32", {2.0, std::nullopt}), (w::ToleranceValues{2.0, 0.0}));
  const json table = w::resolved_tolerances({});
  EXPECT_EQ(table.size(), w::tolerance_dtypes().size() + 1);
  for (const auto& dtype : w::tolerance_dtypes()) {
    const auto v = w::default_tolerance(dtype);
    EXPECT_EQ(table[dtype], json({{"atol", v.atol}, {"rtol", v.rtol}})) << dtype;
  }
  EXPECT_EQ(table["default"], json({{"atol", 0.0}, {"rtol", 0.0}}));
}

TEST(Tolerances, OverrideWireForm) {
  EXPECT_EQ(w::Tolerance{}.to_json(), json({{"atol", nullptr}, {"rtol", nullptr}}));
  const w::Tolerance t = w::Tolerance::from_json({{"atol", 0.5}, {"rtol", nullptr}});
  EXPECT_EQ(t.atol, 0.5);
  EXPECT_FALSE(t.rtol);
  EXPECT_EQ(t.to_json(), json({{"atol", 0.5}, {"rtol", nullptr}}));
  EXPECT_FALSE(w::Tolerance::from_json(nullptr).atol);
  EXPECT_FALSE(w::Tolerance::from_json(json::object()).rtol);
}

// Each builder's fields are those its exporter/protocol.py type declares.
TEST(Requests, FieldsAreDeclaredInProtocolPy) {
  const auto out = run_python(
      "import json; from exporter import protocol as p; "
      "print(json.dumps({n: [sorted(getattr(p, n).__required_keys__), sorted(getattr(p, n).__optional_keys__)] "
      "for n in (\"ExportRequest\", \"ListSuiteRequest\", \"ReproRequest\", \"ReplayRequest\", \"GuardsRequest\", \"SequenceRequest\", \"ResaveRequest\")}))");
  if (!out) GTEST_SKIP() << "no Python at " << EXPORTCHECK_PYTHON;
  const json types = json::parse(*out);
  w::RuntimeTarget t = target();
  t.preload = json::array({"ops"});
  const std::vector<std::pair<std::string, json>> built = {
      {"ExportRequest", w::export_request(json::object(), "/out")},
      {"ListSuiteRequest", w::list_suite_request("s")},
      {"ReproRequest", w::repro_request(json::object(), {"guards:module:cpu", "nonstrict", "training", "/out", 2, {}},
                                        json::array({"ops"}))},
      {"ReplayRequest", w::replay_request(t)},
      {"GuardsRequest", w::guards_request(t)},
      {"SequenceRequest", w::sequence_request(t)},
      {"ResaveRequest", w::resave_request("/a", "/b", "", "m", json::array({"ops"}))},
  };
  for (const auto& [name, request] : built) {
    std::set<std::string> required, declared;
    for (const auto& k : types[name][0]) required.insert(k.get<std::string>());
    for (const auto& k : types[name][1]) declared.insert(k.get<std::string>());
    declared.insert(required.begin(), required.end());
    required.erase("id");  // JsonLinesWorker::call adds it
    for (const auto& k : keys(request)) EXPECT_TRUE(declared.count(k)) << name << ": " << k << " is not in protocol.py";
    for (const auto& k : required) EXPECT_TRUE(request.contains(k)) << name << ": builder lacks " << k;
  }
}

// scripts/bench-baseline has no harness to resolve tolerances: its Python copy
// of the table must be this one.
TEST(Tolerances, PythonFallbackIsThisTable) {
  const auto out = run_python(
      "import json; from exporter.baseline import resolve_tolerances as r; "
      "print(json.dumps([r(None), r({\"atol\": 0.5, \"rtol\": None}), r({\"atol\": None, \"rtol\": 0.25})]))");
  if (!out) GTEST_SKIP() << "no Python with torch at " << EXPORTCHECK_PYTHON;
  const json python = json::parse(*out);
  EXPECT_EQ(python[0], w::resolved_tolerances({}));
  EXPECT_EQ(python[1], w::resolved_tolerances({0.5, std::nullopt}));
  EXPECT_EQ(python[2], w::resolved_tolerances({std::nullopt, 0.25}));
}

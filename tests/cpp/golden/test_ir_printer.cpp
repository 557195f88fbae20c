#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <functional>
#include <random>
#include <regex>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/archive/zip_writer.h"
#include "harness/golden/ir_printer.h"
#include "harness/golden/line_diff.h"
#include "tests/cpp/archive/archive_test_support.h"

namespace exportcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::fixture_archives;
using testing::read_file;
using testing::reference_archives;
using testing::ScratchDir;
using testing::write_file;

std::string reference(const std::string& name) { return (reference_archives() / (name + ".pt2")).string(); }
std::string fixture(const std::string& name) { return (fixture_archives() / (name + ".pt2")).string(); }

std::string model_json(const std::string& archive) {
  const ZipArchive zip = ZipArchive::open(archive);
  return zip.read(pt2_model_entry(zip).entry);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

template <typename F>
ArchiveError archive_error(F&& f) {
  try {
    f();
  } catch (const ArchiveError& e) {
    return e;
  }
  ADD_FAILURE() << "expected ArchiveError";
  return ArchiveError("", "", "");
}

std::vector<fs::path> archives_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& f : fs::directory_iterator(dir))
    if (f.path().extension() == ".pt2") out.push_back(f.path());
  std::sort(out.begin(), out.end());
  return out;
}

// ---- every archive prints, clean and stable ---------------------------------------------------

TEST(IrPrinter, EveryReferenceAndFixtureArchivePrintsClean) {
  auto all = archives_in(reference_archives());
  ASSERT_GE(all.size(), 11u);
  const auto fixtures = archives_in(fixture_archives());
  ASSERT_GE(fixtures.size(), 5u);
  all.insert(all.end(), fixtures.begin(), fixtures.end());
  for (const fs::path& p : all) {
    SCOPED_TRACE(p.string());
    const std::string text = print_archive(p.string());
    EXPECT_TRUE(text.starts_with("inputs:\n"));
    EXPECT_TRUE(contains(text, "\noutputs:\n") && contains(text, "\nrange_constraints:\n") && contains(text, "\ngraph:\n"));
    EXPECT_TRUE(text.ends_with(")\n"));
    for (const char* leak : {"stack_trace", "nn_module_stack", "torch_fn", "File \"", ".py", "/tmp/", "/opt/",
                             "/work/", "site-packages", "<unknown"})
      EXPECT_FALSE(contains(text, leak)) << leak;
    EXPECT_FALSE(std::regex_search(text, std::regex(R"([0-9a-f]{32})"))) << "looks like a hash";
    EXPECT_EQ(print_archive(p.string()), text);  // deterministic
  }
}

// The same program exported on another machine (CUDA vs CPU), at another
// time, or by another torch release (2.13 vs 2.11) prints the same.
TEST(IrPrinter, SameProgramFromDifferentExportsPrintsTheSame) {
  for (const char* name : {"cond_dyn", "conv_bn", "conv_kwargs", "dim_relation", "sin_cos"}) {
    const std::string cpu = print_archive(reference(name));
    EXPECT_EQ(print_archive(reference(std::string(name) + ".cuda")), cpu) << name;
  }
  EXPECT_EQ(print_archive(fixture("cond_dyn")), print_archive(reference("cond_dyn")));
}

// ---- expected text (EXPORTCHECK_ACCEPT=1 rewrites these files) -----------------------

void expect_printed(const std::string& archive, const fs::path& expected_file) {
  const std::string actual = print_archive(archive);
  if (const char* accept = std::getenv("EXPORTCHECK_ACCEPT"); accept && std::string(accept) == "1") {
    fs::create_directories(expected_file.parent_path());
    write_file(expected_file, actual);
    std::cout << "Accepting new output for " << expected_file.string() << "\n";
    return;
  }
  ASSERT_TRUE(fs::exists(expected_file)) << expected_file << " is missing (rerun with EXPORTCHECK_ACCEPT=1 to write it)";
  const std::string expected = read_file(expected_file);
  EXPECT_TRUE(expected == actual) << unified_diff(expected, actual, expected_file.string(), "actual")
                                  << "(rerun with EXPORTCHECK_ACCEPT=1 to accept)";
}

const fs::path kExpected = fs::path(EXPORTCHECK_SOURCE_DIR) / "tests" / "cpp" / "golden" / "expected";

TEST(IrPrinter, ReferenceArchivesPrintAsExpected) {
  for (const char* name : {"branch_dynamic", "cond_dyn", "conv_bn", "conv_kwargs", "dim_relation", "sin_cos"}) {
    SCOPED_TRACE(name);
    expect_printed(reference(name), kExpected / "torch-2.11" / (std::string(name) + ".ir"));
  }
}

TEST(IrPrinter, FixtureArchivesPrintAsExpected) {
  for (const char* name : {"bn_core", "kwargs_const", "map_dyn", "sym_exprs"}) {
    SCOPED_TRACE(name);
    expect_printed(fixture(name), kExpected / "fixtures" / (std::string(name) + ".ir"));
  }
}

// ---- what the text says -------------------------------------------------------------

TEST(IrPrinter, SignatureNamesKindsAndTargets) {
  const std::string text = print_archive(reference("branch_dynamic"));
  EXPECT_TRUE(contains(text, "  parameter p_branch1_0_weight <- branch1.0.weight  # f32[32, 64]\n"));
  EXPECT_TRUE(contains(text, "  constant c_buffer <- buffer  # f32[32]\n"));
  EXPECT_TRUE(contains(text, "  user_input x1  # f32[s0, 64]\n  user_input x2  # f32[s0, 128]\n"));
  EXPECT_TRUE(contains(text, "outputs:\n  user_output add\n  user_output relu_1\n"));
  EXPECT_TRUE(contains(text, "  %linear = torch.ops.aten.linear.default(input=%x1, weight=%p_branch1_0_weight, "
                             "bias=%p_branch1_0_bias)  # f32[s0, 32]\n"));
  EXPECT_TRUE(contains(text, "  return (%add, %relu_1)\n"));

  const std::string bn = print_archive(fixture("bn_core"));
  EXPECT_TRUE(contains(bn, "  buffer b_bn_running_mean <- bn.running_mean  # f32[3]\n"));
  EXPECT_TRUE(contains(bn, "  buffer_mutation getitem_3 <- bn.running_mean\n"));
  EXPECT_TRUE(contains(bn, "  buffer_mutation add <- bn.num_batches_tracked\n"));
  EXPECT_TRUE(contains(bn, "momentum=0.1, eps=1e-05)  # f32[4, 3], f32[3], f32[3], f32[3], f32[3]\n"));
}

TEST(IrPrinter, CondPrintsBothBranchesIndentedBelowItsNode) {
  const std::string text = print_archive(reference("cond_dyn"));
  EXPECT_TRUE(contains(text,
                       "  %gt = _operator.gt(a=%sym_size_int_1, b=4)  # Sym(s0 > 4)\n"
                       "  %getitem = torch.ops.higher_order.cond(%gt, @true_graph_0, @false_graph_0, [%x])  # f32[s0, 3]\n"
                       "    graph true_graph_0(%x: f32[s0, 3]):\n"
                       "      %sin = torch.ops.aten.sin.default(self=%x)  # f32[s0, 3]\n"
                       "      return (%sin)\n"
                       "    graph false_graph_0(%x: f32[s0, 3]):\n"
                       "      %cos = torch.ops.aten.cos.default(self=%x)  # f32[s0, 3]\n"
                       "      return (%cos)\n"
                       "  return (%getitem)\n"))
      << text;
}

TEST(IrPrinter, DimRelationRangesAreRenamedAndSorted) {
  const std::string text = print_archive(reference("dim_relation"));
  EXPECT_TRUE(contains(text, "range_constraints:\n  s0: [4, 256]\n  2*s0: [8, 512]\ngraph:\n")) << text;
  EXPECT_TRUE(contains(text, "  user_input y  # f32[2*s0, 5]\n"));
  EXPECT_TRUE(contains(text, "# Sym(2*s0)\n"));
  EXPECT_FALSE(contains(text, "s77"));
}

TEST(IrPrinter, ArgumentKinds) {
  const std::string kw = print_archive(fixture("kwargs_const"));
  EXPECT_TRUE(contains(kw, "dtype=torch.float32, device=device(cpu), layout=torch.strided)\n"));  // no outputs: no "="
  EXPECT_TRUE(contains(kw, "%zeros = torch.ops.aten.zeros.default(size=[2], dtype=torch.int32, device=device(cpu), "
                           "pin_memory=False)  # i32[2]\n"));
  EXPECT_TRUE(contains(kw, "negative_slope=0.2)"));
  EXPECT_TRUE(contains(kw, "keepdim=True)  # f64[1]\n"));
  const std::string sym = print_archive(fixture("sym_exprs"));
  EXPECT_TRUE(contains(sym, "%nonzero = torch.ops.aten.nonzero.default(self=%x)  # i64[u0, 1]\n"));
  EXPECT_TRUE(contains(sym, "assert_msg=\"Runtime assertion failed for expression u0 >= 0 on node 'ge'\")"));
  EXPECT_TRUE(contains(sym, "size=[%add], pin_memory=False)  # f32[Mod(2*s0, 3) + 1]\n"));
  EXPECT_TRUE(contains(sym, "start=None, end=%floordiv)  # f32[s0]\n"));
  EXPECT_TRUE(contains(sym, "tensors=[%y, %slice_2])  # f32[4*s0 - 1]\n"));
  EXPECT_TRUE(contains(sym, "range_constraints:\n  s0: [2, 100]\n  u0: [0, 3]\n  2*s0: [4, 200]\n"));
  EXPECT_TRUE(contains(print_archive(fixture("map_dyn")), "  s0: [2, inf]\n"));
}

// ---- symbol renaming ----------------------------------------------------------------

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

TEST(IrPrinter, OutputDoesNotDependOnTorchSymbolNumbers) {
  const std::string json_text = model_json(reference("dim_relation"));
  ASSERT_TRUE(contains(json_text, "'s77'"));
  const std::string renumbered = replace_all(json_text, "s77", "s3");  // sizes and range keys alike
  EXPECT_EQ(print_program_json(renumbered), print_program_json(json_text));
}

// A program with two symbols whose torch numbers run against their order of use.
json two_symbol_program() {
  auto meta = [](const std::string& symbol) {
    return json{{"dtype", 7},
                {"sizes", {{{"as_expr", {{"expr_str", "Symbol('" + symbol + "', positive=True, integer=True)"}, {"hint", {{"as_int", 4}}}}}},
                           {{"as_int", 3}}}},
                {"requires_grad", false},
                {"device", {{"type", "cpu"}, {"index", nullptr}}},
                {"strides", {{{"as_int", 3}}, {{"as_int", 1}}}},
                {"storage_offset", {{"as_int", 0}}},
                {"layout", 7}};
  };
  auto tensor = [](const std::string& name) { return json{{"as_tensor", {{"name", name}}}}; };
  json node = {{"target", "torch.ops.aten.add.Tensor"},
               {"inputs", {{{"name", "self"}, {"arg", tensor("a")}, {"kind", 1}}, {{"name", "other"}, {"arg", tensor("b")}, {"kind", 1}}}},
               {"outputs", {tensor("out")}},
               {"metadata", {{"stack_trace", "File \"/home/someone/model.py\", line 3, in forward"}}},
               {"name", "out"}};
  json graph = {{"inputs", {tensor("a"), tensor("b")}},
                {"outputs", {tensor("out")}},
                {"nodes", {node}},
                {"tensor_values", {{"a", meta("s50")}, {"b", meta("s7")}, {"out", meta("s50")}}}};
  json signature = {{"input_specs", {{{"user_input", {{"arg", tensor("a")}}}}, {{"user_input", {{"arg", tensor("b")}}}}}},
                    {"output_specs", {{{"user_output", {{"arg", tensor("out")}}}}}}};
  return {{"graph_module", {{"graph", graph}, {"signature", signature}, {"module_call_graph", json::array()}}},
          {"range_constraints", {{"s7", {{"min_val", 2}, {"max_val", 8}}}, {"s50", {{"min_val", 1}, {"max_val", nullptr}}}}},
          {"schema_version", {{"major", 8}, {"minor", 17}}},
          {"torch_version", "2.11.0"}};
}

TEST(IrPrinter, SymbolsAreRenamedInOrderOfFirstUse) {
  EXPECT_EQ(print_program_json(two_symbol_program().dump()),
            "inputs:\n"
            "  user_input a  # f32[s0, 3]\n"
            "  user_input b  # f32[s1, 3]\n"
            "outputs:\n"
            "  user_output out\n"
            "range_constraints:\n"
            "  s0: [1, inf]\n"
            "  s1: [2, 8]\n"
            "graph:\n"
            "  %out = torch.ops.aten.add.Tensor(self=%a, other=%b)  # f32[s0, 3]\n"
            "  return (%out)\n");
}

TEST(IrPrinter, UnknownArgumentKindPrintsInsteadOfCrashing) {
  json program = two_symbol_program();
  program["graph_module"]["graph"]["nodes"][0]["inputs"][1]["arg"] = {{"as_quantum_state", {{"qubits", 3}}}};
  program["graph_module"]["graph"]["nodes"][0]["inputs"].push_back({{"name", "alpha"}, {"arg", json::object()}, {"kind", 2}});
  const std::string text = print_program_json(program.dump());
  EXPECT_TRUE(contains(text, "(self=%a, other=<unknown:as_quantum_state>, alpha=<unknown:empty>)")) << text;
}

TEST(IrPrinter, UnknownSpecKindsPrintInsteadOfCrashing) {
  json program = two_symbol_program();
  program["graph_module"]["signature"]["input_specs"].push_back({{"future_input", {{"arg", {{"name", "z"}}}}}});
  program["graph_module"]["signature"]["output_specs"].push_back(json::object());
  const std::string text = print_program_json(program.dump());
  EXPECT_TRUE(contains(text, "  <unknown input spec>\noutputs:\n")) << text;
  EXPECT_TRUE(contains(text, "  <unknown output spec>\nrange_constraints:\n")) << text;
}

// Random damage anywhere in a program with subgraphs: the printer either
// prints or throws ArchiveError, never anything else.
TEST(IrPrinter, RandomlyDamagedProgramsNeverCrash) {
  const json original = json::parse(model_json(reference("cond_dyn")));
  std::vector<json::json_pointer> places;
  std::function<void(const json&, const json::json_pointer&)> collect = [&](const json& j, const json::json_pointer& at) {
    places.push_back(at);
    if (j.is_object())
      for (auto it = j.begin(); it != j.end(); ++it) collect(it.value(), at / it.key());
    if (j.is_array())
      for (std::size_t i = 0; i < j.size(); ++i) collect(j[i], at / i);
  };
  collect(original, json::json_pointer());
  const json replacements[] = {nullptr, 5, -1, 1e300, "x", json::array(), json::object(), json{{"as_weird", 1}},
                               json::array({json::object()}), true};
  std::mt19937 rng(7);
  int printed = 0, rejected = 0;
  for (int round = 0; round < 500; ++round) {
    json damaged = original;
    damaged[places[rng() % places.size()]] = replacements[rng() % std::size(replacements)];
    try {
      print_program_json(damaged.dump());
      ++printed;
    } catch (const ArchiveError&) {
      ++rejected;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "round " << round << ": " << typeid(e).name() << ": " << e.what();
    }
  }
  EXPECT_GT(printed, 0);
  EXPECT_GT(rejected, 0);
}

// ---- errors: name the archive, the entry and the JSON path -----------------------------

TEST(IrPrinterErrors, WrongTypeForAFieldNamesTheJsonPath) {
  json program = two_symbol_program();
  program["graph_module"]["graph"]["nodes"][0]["target"] = 5;
  const ArchiveError e = archive_error([&] { print_program_json(program.dump(), "a.pt2", "a/models/model.json"); });
  EXPECT_EQ(e.archive(), "a.pt2");
  EXPECT_EQ(e.entry(), "a/models/model.json");
  EXPECT_TRUE(contains(e.message(), "/graph_module/graph/nodes/0/target")) << e.what();
  EXPECT_TRUE(contains(e.message(), "must be string")) << e.what();

  program = two_symbol_program();
  program["graph_module"]["graph"]["tensor_values"]["a"]["sizes"] = "4x3";
  EXPECT_TRUE(contains(archive_error([&] { print_program_json(program.dump()); }).message(),
                       "/graph_module/graph/tensor_values/a/sizes"));
}

TEST(IrPrinterErrors, NotJsonOrNotAnObject) {
  EXPECT_TRUE(contains(archive_error([] { print_program_json("{\"graph_module\": ", "x.pt2", "e"); }).message(), "invalid JSON"));
  EXPECT_TRUE(contains(archive_error([] { print_program_json("[1, 2]"); }).message(), "not a JSON object"));
  EXPECT_TRUE(contains(archive_error([] { print_program_json("{\"graph_module\": 3}"); }).message(), "export schema"));
}

// fuzz/fuzz_model_json: an integer literal beyond int64 became a double that
// the schema code read into an int64 (undefined behaviour under UBSan).
TEST(IrPrinterErrors, IntegerBeyondInt64IsAnErrorWithItsPath) {
  for (const char* input : {"model_json-huge-integer.json", "model_json-huge-integer-2.json"}) {
    const std::string text = read_file(fs::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/fuzz" / input);
    const ArchiveError e = archive_error([&] { print_program_json(text, "f.pt2", "f/models/model.json"); });
    EXPECT_TRUE(contains(e.message(), "out of the integer range")) << input << ": " << e.what();
    EXPECT_TRUE(contains(e.message(), "/kind")) << input << ": " << e.what();
  }
  json program = two_symbol_program();
  program["graph_module"]["graph"]["tensor_values"]["a"]["sizes"][0]["as_int"] = 1e30;
  EXPECT_TRUE(contains(archive_error([&] { print_program_json(program.dump()); }).message(),
                       "/graph_module/graph/tensor_values/a/sizes/0/as_int"));
}

// Archives rebuilt from the branch_dynamic reference with one entry replaced or dropped.
class DamagedArchive : public ::testing::Test {
 protected:
  std::string rebuild(const std::string& name, const std::string& model_json_text, bool drop_model = false) {
    const ZipArchive source = ZipArchive::open(reference("branch_dynamic"));
    std::vector<ZipWriteEntry> entries;
    for (const ZipEntry& e : source.entries()) {
      if (e.name == "branch_dynamic/models/model.json") {
        if (!drop_model) entries.push_back({e.name, model_json_text});
      } else {
        entries.push_back({e.name, source.read(e.name)});
      }
    }
    const std::string path = (dir_ / name).string();
    write_zip(path, entries);
    return path;
  }
  ScratchDir dir_;
};

TEST_F(DamagedArchive, RebuiltArchivePrintsLikeTheOriginal) {
  EXPECT_EQ(print_archive(rebuild("same.pt2", model_json(reference("branch_dynamic")))),
            print_archive(reference("branch_dynamic")));
}

TEST_F(DamagedArchive, MissingModelJson) {
  const std::string path = rebuild("nomodel.pt2", "", true);
  const ArchiveError e = archive_error([&] { print_archive(path); });
  EXPECT_EQ(e.archive(), path);
  EXPECT_EQ(e.entry(), "branch_dynamic/models/model.json");
  EXPECT_THROW(read_program_info(path), ArchiveError);
}

TEST_F(DamagedArchive, BadJsonNamesTheEntry) {
  const std::string path = rebuild("badjson.pt2", "{\"graph_module\": {");
  const ArchiveError e = archive_error([&] { print_archive(path); });
  EXPECT_EQ(e.entry(), "branch_dynamic/models/model.json");
  EXPECT_TRUE(contains(e.what(), path + ": branch_dynamic/models/model.json: invalid JSON")) << e.what();
}

TEST_F(DamagedArchive, WrongFieldTypeNamesEntryAndPath) {
  json program = json::parse(model_json(reference("branch_dynamic")));
  program["graph_module"]["graph"]["nodes"][2]["inputs"][0]["arg"]["as_tensor"]["name"] = json::array();
  const std::string path = rebuild("wrongtype.pt2", program.dump());
  const ArchiveError e = archive_error([&] { print_archive(path); });
  EXPECT_EQ(e.entry(), "branch_dynamic/models/model.json");
  EXPECT_TRUE(contains(e.message(), "/graph_module/graph/nodes/2/inputs/0/arg/as_tensor/name")) << e.what();
}

TEST_F(DamagedArchive, TruncatedOrNotAZip) {
  const std::string bytes = read_file(reference("branch_dynamic"));
  write_file(dir_ / "cut.pt2", bytes.substr(0, bytes.size() / 3));
  EXPECT_EQ(archive_error([&] { print_archive((dir_ / "cut.pt2").string()); }).archive(), (dir_ / "cut.pt2").string());
  write_file(dir_ / "text.pt2", "hello\n");
  EXPECT_THROW(print_archive((dir_ / "text.pt2").string()), ArchiveError);
  EXPECT_THROW(read_program_info((dir_ / "text.pt2").string()), ArchiveError);
}

TEST_F(DamagedArchive, SeveralModelsEachGetAHeading) {
  const std::string one = model_json(reference("sin_cos"));
  const std::string path = (dir_ / "multi.pt2").string();
  write_zip(path, {{"m/models/model.json", one}, {"m/models/other.json", model_json(reference("cond_dyn"))}});
  const std::string text = print_archive(path);
  EXPECT_TRUE(text.starts_with("## model model\ninputs:\n")) << text;
  EXPECT_TRUE(contains(text, "\n\n## model other\ninputs:\n  user_input x  # f32[s0, 3]\n"));
}

// ---- program info -------------------------------------------------------------------

TEST(ProgramInfo, ReadsVersionsFromArchives) {
  const ProgramInfo ref = read_program_info(reference("branch_dynamic"));
  EXPECT_EQ(ref.torch_version, "2.11.0+cu130");
  EXPECT_EQ(ref.schema_major, 8);
  EXPECT_EQ(ref.schema_minor, 17);
  const ProgramInfo made = read_program_info(fixture("cond_dyn"), "model");
  EXPECT_EQ(made.schema_major, 8);
  EXPECT_NE(made.torch_version, ref.torch_version);
  EXPECT_EQ(program_info_from_json(two_symbol_program().dump()), (ProgramInfo{"2.11.0", 8, 17}));
  EXPECT_THROW(program_info_from_json("{\"schema_version\": {\"major\": \"8\"}}"), ArchiveError);
}

}  // namespace
}  // namespace exportcheck

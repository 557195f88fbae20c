// Small YAML snippets through parse_case: the YAML typing rules and the
// whole-file errors that need no fixture.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/catalog/case_parser.h"

namespace exportcheck::catalog {
namespace {

using nlohmann::json;
using Errors = std::vector<std::string>;

const TagVocabulary& tags() {
  static const TagVocabulary vocabulary(
      std::map<std::string, std::string, std::less<>>{{"seed", "examples"}, {"kwargs", "keyword inputs"}});
  return vocabulary;
}

constexpr const char* kHead =
    "name: t\ndescription: d\ntags: [seed]\nmodel: {module: m, class: C}\n";
// The same four fields with model as a block map, so a test can add kwargs.
constexpr const char* kBlockHead = "name: t\ndescription: d\ntags: [seed]\nmodel:\n  module: m\n";

CaseParseResult parse(const std::string& text) { return parse_case(text, "cases/t.yaml", tags()); }

Errors errors(const std::string& text) {
  Errors out;
  for (const CaseError& e : parse(text).errors) out.push_back(e.str());
  return out;
}

json normalized(const std::string& text) {
  CaseParseResult r = parse(text);
  for (const CaseError& e : r.errors) ADD_FAILURE() << e.str();
  return r.parsed ? r.parsed->normalized : json();
}

TEST(InlineCase, RoundtripExpectationsNameOneCheckOrAll) {
  const std::string body = std::string(kHead) + "inputs: {args: []}\nexpect:\n";
  EXPECT_EQ(errors(body + "  roundtrip: {verdict: skip, reason: r}\n"), Errors{});
  EXPECT_EQ(errors(body + "  roundtrip:reload: {verdict: xfail, mode: nonstrict, reason: r}\n"), Errors{});
  EXPECT_EQ(errors(body + "  roundtrip:replay: {verdict: skip, reason: r}\n"),
            Errors{"cases/t.yaml:7: expect.roundtrip:replay: expected roundtrip[:check] with check one of "
                   "validate, bytes, reload, got 'roundtrip:replay'"});
}

TEST(InlineCase, EmptyFile) {
  EXPECT_EQ(errors(""), Errors{"cases/t.yaml: the file is empty"});
  EXPECT_EQ(errors("# only a comment\n"), Errors{"cases/t.yaml: the file is empty"});
}

TEST(InlineCase, MoreThanOneDocument) {
  EXPECT_EQ(errors(std::string(kHead) + "inputs: {}\n---\nname: u\n"),
            Errors{"cases/t.yaml:7: expected one YAML document, found 2 (remove the '---')"});
}

TEST(InlineCase, TopLevelMustBeAMap) {
  EXPECT_EQ(errors("- name: t\n"), Errors{"cases/t.yaml:1: expected a map, got a list"});
}

TEST(InlineCase, DuplicateKey) {
  EXPECT_EQ(errors(std::string(kHead) + "inputs: {}\ntimeout: 3\ntimeout: 4\n"),
            Errors{"cases/t.yaml:7: timeout: duplicate key 'timeout'"});
}

TEST(InlineCase, YamlSyntaxErrorKeepsYamlCppsLineAndMessage) {
  EXPECT_EQ(errors("name: t\ntags: [a, b\n"),
            Errors{"cases/t.yaml:3: YAML syntax error: end of sequence flow not found"});
  EXPECT_EQ(errors("name: t\n  description: d\n"),
            Errors{"cases/t.yaml:2: YAML syntax error: illegal map value"});
}

TEST(InlineCase, ScalarsFollowTheYaml12CoreSchema) {
  json n = normalized(std::string(kBlockHead) +
                      "  class: C\n  kwargs: {a: 1, b: 1.0, c: 1e-3, d: '1', e: yes, f: True, g: ~, h: 0x10,"
                      " i: -7, j: .5, k: \"true\", l: \"\"}\ninputs: {}\n");
  const json& kw = n["model"]["kwargs"];
  EXPECT_TRUE(kw["a"].is_number_integer());
  EXPECT_TRUE(kw["b"].is_number_float());
  EXPECT_DOUBLE_EQ(kw["c"].get<double>(), 1e-3);
  EXPECT_EQ(kw["d"], "1");    // quoted: a string
  EXPECT_EQ(kw["e"], "yes");  // YAML 1.1's yes is a plain string in 1.2
  EXPECT_EQ(kw["f"], true);
  EXPECT_TRUE(kw["g"].is_null());
  EXPECT_EQ(kw["h"], 16);
  EXPECT_EQ(kw["i"], -7);
  EXPECT_DOUBLE_EQ(kw["j"].get<double>(), 0.5);
  EXPECT_EQ(kw["k"], "true");
  EXPECT_EQ(kw["l"], "");
}

TEST(InlineCase, NonFiniteFloatsAndHugeIntsAreErrors) {
  EXPECT_EQ(errors(std::string(kBlockHead) +
                   "  class: C\n  kwargs: {a: .inf, b: 99999999999999999999}\ninputs: {}\n"),
            (Errors{"cases/t.yaml:7: model.kwargs.a: expected a finite number, got .inf",
                    "cases/t.yaml:7: model.kwargs.b: int 99999999999999999999 is out of range"}));
}

TEST(InlineCase, StrictIsABoolOrAListOfBools) {
  EXPECT_EQ(normalized(std::string(kHead) + "inputs: {}\nexport: {strict: true}\n")["export"]["strict"],
            json::parse("[true]"));
  EXPECT_EQ(errors(std::string(kHead) + "inputs: {}\nexport: {strict: yes}\n"),
            Errors{"cases/t.yaml:6: export.strict: expected true or false, got the string 'yes'"});
  EXPECT_EQ(errors(std::string(kHead) + "inputs: {}\nexport: {strict: []}\n"),
            Errors{"cases/t.yaml:6: export.strict: list at least one of false (non-strict), true (strict)"});
}

TEST(InlineCase, KwargsShapeMustNameAKeywordInput) {
  EXPECT_EQ(errors(std::string(kHead) +
                   "inputs: {kwargs: {x: {shape: [2], dtype: float32}}}\n"
                   "dynamic_shapes: {dims: {n: {}}, kwargs: {y: {0: n}}}\n"),
            Errors{"cases/t.yaml:6: dynamic_shapes.kwargs.y: no keyword input 'y' in inputs.kwargs"});
}

TEST(InlineCase, ArgsShapesMustMatchTheArgCount) {
  EXPECT_EQ(errors(std::string(kHead) +
                   "inputs: {args: [{shape: [2], dtype: float32}, {int: 3}]}\n"
                   "dynamic_shapes: {args: [{0: auto}]}\n"),
            Errors{"cases/t.yaml:6: dynamic_shapes.args: has 1 shapes, but inputs.args has 2 inputs"});
}

TEST(InlineCase, OnlyTensorsAndIntsCanBeDynamic) {
  EXPECT_EQ(normalized(std::string(kHead) + "inputs: {args: [{int: 3}]}\n"
                                            "dynamic_shapes: {args: [dynamic]}\n")["dynamic_shapes"]["args"],
            json::parse(R"([{"hint": "dynamic", "min": null, "max": null}])"));
  EXPECT_EQ(errors(std::string(kHead) + "inputs: {args: [{float: 3}]}\n"
                                        "dynamic_shapes: {args: [dynamic]}\n"),
            Errors{"cases/t.yaml:6: dynamic_shapes.args[0]: the input is a float; only tensors and "
                   "ints can be dynamic, so its shape must be null"});
}

TEST(InlineCase, ContainerShapesMirrorTheirInputs) {
  EXPECT_EQ(errors(std::string(kHead) +
                   "inputs: {args: [{list: [{shape: [2], dtype: float32}]},"
                   " {dict: {a: {shape: [2], dtype: float32}}}]}\n"
                   "dynamic_shapes: {args: [[null, null], {b: null}]}\n"),
            (Errors{"cases/t.yaml:6: dynamic_shapes.args[0]: has 2 shapes, but the input is a list of 1 items",
                    "cases/t.yaml:6: dynamic_shapes.args[1].b: no key 'b' in the input dict (it has: a)"}));
}

TEST(InlineCase, DimNamesAndDimForms) {
  EXPECT_EQ(errors(std::string(kHead) +
                   "inputs: {args: [{shape: [2, 2, 2], dtype: float32}]}\n"
                   "dynamic_shapes:\n"
                   "  dims: {static: {}, 2x: {}, n: {max: 3.5}}\n"
                   "  args: [[0*n, 7, {hint: fixed}]]\n"),
            (Errors{"cases/t.yaml:7: dynamic_shapes.dims.static: a dim name must be an identifier other than auto, dynamic and static",
                    "cases/t.yaml:7: dynamic_shapes.dims.2x: a dim name must be an identifier other than auto, dynamic and static",
                    "cases/t.yaml:7: dynamic_shapes.dims.n.max: expected an int, got the float 3.5",
                    "cases/t.yaml:8: dynamic_shapes.args[0][0]: the factor in '0*n' must be >= 1",
                    "cases/t.yaml:8: dynamic_shapes.args[0][1]: a DIM is a declared dim name, an expression such as 2*dx+1, auto / dynamic / static, {hint: dynamic, min: 2, max: 64} or null; got the int 7",
                    "cases/t.yaml:8: dynamic_shapes.args[0][2].hint: unknown hint 'fixed'; hints are auto, dynamic, static"}));
}

TEST(InlineCase, DynamicShapesNeedsAForm) {
  EXPECT_EQ(errors(std::string(kHead) + "inputs: {}\ndynamic_shapes: {dims: {n: {}}}\n"),
            Errors{"cases/t.yaml:6: dynamic_shapes: expected args / kwargs (with dims), "
                   "shapes_collection (with dims) or additional_inputs"});
  EXPECT_EQ(normalized(std::string(kHead) + "inputs: {}\ndynamic_shapes: null\n")["dynamic_shapes"],
            json());
}

TEST(InlineCase, AdditionalInputsTakeNoDims) {
  EXPECT_EQ(errors(std::string(kHead) + "inputs: {args: [{int: 1}]}\n"
                   "dynamic_shapes: {dims: {n: {}}, additional_inputs: [{args: [{int: 2}]}]}\n"),
            Errors{"cases/t.yaml:6: dynamic_shapes.dims: additional_inputs takes no dims: torch "
                   "infers the dynamic dims from the inputs"});
}

TEST(InlineCase, NameMustBeAFileNameFriendlyWord) {
  EXPECT_EQ(parse_case("name: a b\ndescription: d\ntags: [seed]\nmodel: {module: m, class: C}\n"
                       "inputs: {}\n",
                       "cases/a b.yaml", tags())
                .errors.front()
                .str(),
            "cases/a b.yaml:1: name: a case name is letters, digits, '_', '-' and '.'; got 'a b'");
}

TEST(InlineCase, BrokenCaseStillReportsItsName) {
  CaseParseResult r = parse("name: t\n");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.parsed.has_value());
  EXPECT_EQ(r.name, "t");
}

}  // namespace
}  // namespace exportcheck::catalog

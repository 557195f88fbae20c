#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/schema/dtype.h"
#include "harness/schema/model_reader.h"

namespace exportcheck::schema {
namespace {

std::string fuzz_input(const char* name) {
  std::ifstream in(std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/fuzz" / name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ParseModel, SyntaxAndShapeErrors) {
  EXPECT_THROW(parse_model("{"), SchemaError);
  EXPECT_THROW(parse_model("[1, 2]"), SchemaError);
  try {
    (void)parse_model(R"({"graph_module": 3})");
    ADD_FAILURE() << "expected SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_EQ(e.field(), "/graph_module") << e.what();  // the path JSON_DIAGNOSTICS names
    EXPECT_NE(std::string(e.what()).find("does not match the export schema's ExportedProgram"), std::string::npos);
  }
}

TEST(ParseModel, IntegerBeyondInt64NamesItsPath) {
  for (const char* input : {"model_json-huge-integer.json", "model_json-huge-integer-2.json"}) {
    try {
      (void)parse_model(fuzz_input(input));
      ADD_FAILURE() << input << ": expected SchemaError";
    } catch (const SchemaError& e) {
      EXPECT_TRUE(e.field().ends_with("/kind")) << input << ": " << e.field();
      EXPECT_NE(std::string(e.what()).find("out of the integer range"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(parse_payload_config(R"({"config": {"w": {"path_name": "w", "is_param": true, "use_pickle": false,
      "tensor_meta": {"dtype": 7, "sizes": [{"as_int": 99999999999999999999}], "requires_grad": false,
      "device": {"type": "cpu"}, "strides": [{"as_int": 1}], "storage_offset": {"as_int": 0}, "layout": 7}}}})"),
               SchemaError);
}

// Allow parses what torch's from_json parses; Refuse names where the value
// of unknown kind is, so a writer never sees an empty union.
TEST(ParseModel, UnknownKindsAllowedOrRefusedWithTheirPath) {
  for (const char* input : {"model_json-unknown-union.json", "model_json-unknown-sym-hint.json",
                            "model_json-unknown-sym-bool.json"}) {
    const std::string text = fuzz_input(input);
    EXPECT_NO_THROW((void)parse_model(text, UnknownKinds::Allow)) << input;
    try {
      (void)parse_model(text, UnknownKinds::Refuse);
      ADD_FAILURE() << input << ": expected UnknownKindError";
    } catch (const UnknownKindError& e) {
      EXPECT_TRUE(e.field().starts_with("/graph_module/")) << input << ": " << e.field();
    }
  }
}

TEST(ParseModel, UnknownArgumentKindIsMarkedOrRefused) {
  std::string text = fuzz_input("model_json-huge-integer.json");
  // A valid program: the huge kind number replaced, then one argument of a newer kind.
  const std::string huge = "99999999999999999999";
  for (auto at = text.find(huge); at != std::string::npos; at = text.find(huge)) text.replace(at, huge.size(), "1");
  const std::string tensor_x = R"({"as_tensor": {"name": "x"}})";
  const auto first = text.find(tensor_x);
  ASSERT_NE(first, std::string::npos);
  text.replace(first, tensor_x.size(), R"({"as_quantum": 1})");
  const auto marked = parse_model(text, UnknownKinds::Mark);
  bool found = false;
  for (const auto& in : marked.get_graph_module().get_graph().get_inputs())
    if (in.tag() == te::Argument::Tag::AS_OPERATOR && in.get_as_operator() == "<unknown:as_quantum>") found = true;
  for (const auto& node : marked.get_graph_module().get_graph().get_nodes())
    for (const auto& in : node.get_inputs())
      if (in.get_arg().tag() == te::Argument::Tag::AS_OPERATOR && in.get_arg().get_as_operator() == "<unknown:as_quantum>")
        found = true;
  EXPECT_TRUE(found);
  EXPECT_THROW((void)parse_model(text, UnknownKinds::Refuse), UnknownKindError);
}

TEST(SchemaVersion, ReadsOnlyThatField) {
  EXPECT_EQ(read_schema_version(R"({"schema_version": {"major": 8, "minor": 20}, "graph_module": 1})"),
            (std::pair<int, int>{8, 20}));
  EXPECT_THROW(read_schema_version(R"({"schema_version": {"major": "8"}})"), SchemaError);
  EXPECT_THROW(read_schema_version("{}"), SchemaError);
}

TEST(Dtype, OneRowPerNumberNameAndC10Type) {
  std::set<std::int64_t> numbers;
  std::set<std::string_view> names, torch_names;
  std::set<int> c10;
  for (const Dtype& d : kDtypes) {
    EXPECT_TRUE(numbers.insert(d.schema).second) << d.schema;
    EXPECT_TRUE(names.insert(d.short_name).second) << d.short_name;
    EXPECT_TRUE(torch_names.insert(d.torch_name).second) << d.torch_name;
    EXPECT_TRUE(c10.insert(d.c10).second) << d.torch_name;
    EXPECT_TRUE(d.element_size == 1 || d.element_size == 2 || d.element_size == 4 || d.element_size == 8 ||
                d.element_size == 16);
  }
  EXPECT_EQ(find_dtype(7)->torch_name, "torch.float32");
  EXPECT_EQ(find_dtype(11)->element_size, 16);
  EXPECT_EQ(find_dtype(0), nullptr);
  EXPECT_EQ(find_dtype_by_c10(6)->schema, 7);
}

}  // namespace
}  // namespace exportcheck::schema

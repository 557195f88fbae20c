#include <gtest/gtest.h>

#include "harness/catalog/stage_id.h"

namespace exportcheck::catalog {
namespace {

TEST(StageId, TextFormRoundTrips) {
  for (const char* text : {"catalog", "export", "archive", "roundtrip:validate", "roundtrip:bytes", "roundtrip:reload",
                           "golden", "replay:module:cpu", "replay:cpp:cuda", "guards:nativert:cpu", "guards:aoti:cuda",
                           "sequence:module:cpu", "sequence:cpp:cuda", "compat:2.11.0:module", "compat:2.14.1:cpp"}) {
    const auto id = StageId::parse(text);
    ASSERT_TRUE(id) << text;
    EXPECT_EQ(id->str(), text);
  }
  EXPECT_EQ(StageId::replay("cpp", "cuda").str(), "replay:cpp:cuda");
  EXPECT_EQ(StageId::sequence("module", "cpu").str(), "sequence:module:cpu");
  EXPECT_TRUE(StageId::sequence("cpp", "cpu").per_runtime());
  EXPECT_EQ(StageId::roundtrip("bytes").str(), "roundtrip:bytes");
  EXPECT_EQ(StageId::compat("2.11.0", "cpp").str(), "compat:2.11.0:cpp");
  EXPECT_FALSE(StageId::compat("2.11.0", "cpp").per_runtime());
  EXPECT_EQ(StageId::of(StageId::Kind::Golden).str(), "golden");
}

TEST(StageId, RefusesPartialOrUnknownIds) {
  for (const char* text : {"", "replay", "replay:cpp", "replay:cpp:tpu", "replay:jax:cpu", "roundtrip", "roundtrip:zip",
                           "export:x", "golden:", "unknown", "replay:cpp:cpu:x", "sequence",
                           "sequence:cpp", "compat", "compat:2.11.0", "compat:2.11.0:nativert", "compat:latest:cpp",
                           "compat:2.11.0+cpu:cpp", "compat:2..1:cpp", "compat:2.11.0:cpp:cpu"})
    EXPECT_FALSE(StageId::parse(text)) << text;
}

TEST(StageId, OrderIsKindThenParts) {
  EXPECT_LT(StageId::of(StageId::Kind::Export), StageId::of(StageId::Kind::Archive));
  EXPECT_LT(StageId::replay("cpp", "cpu"), StageId::replay("cpp", "cuda"));
  EXPECT_LT(StageId::guards("module", "cpu"), StageId::sequence("cpp", "cpu"));
  EXPECT_EQ(StageId::replay("cpp", "cpu"), *StageId::parse("replay:cpp:cpu"));
}

}  // namespace
}  // namespace exportcheck::catalog

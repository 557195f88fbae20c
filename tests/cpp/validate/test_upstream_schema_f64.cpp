// An upstream fact the roundtrip:bytes stage reports for every archive with a
// -inf float argument (cases/known-gaps.yaml): torch's generated C++ schema
// types write F64 -inf as "Infinity", because the first branch of
// to_json(F64) tests std::isinf, which is true for both signs. When torch
// fixes it this test fails: then drop the gap from cases/known-gaps.yaml.
#include <gtest/gtest.h>

#include <limits>

#include <nlohmann/json.hpp>
#include <torch/csrc/utils/generated_serialization_types.h>

namespace {

using torch::_export::F64;

nlohmann::json written(double v) {
  F64 f;
  f.set(v);
  nlohmann::json j;
  to_json(j, f);
  return j;
}

TEST(UpstreamSchemaF64, NegativeInfinityIsWrittenAsInfinity) {
  EXPECT_EQ(written(-std::numeric_limits<double>::infinity()), "Infinity");  // the upstream bug
  EXPECT_EQ(written(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(written(1.5), 1.5);
  // Reading is right: only the writer loses the sign.
  F64 back;
  from_json(nlohmann::json("-Infinity"), back);
  EXPECT_EQ(back.get(), -std::numeric_limits<double>::infinity());
}

}  // namespace

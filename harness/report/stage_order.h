#pragma once
// The pipeline order of stage roots ("roundtrip:bytes" → roundtrip), in which
// every report lists a case's stages: the harness's own records first
// (catalog, case, harness), then the case schema's stages (catalog/schema.h).
// One list for the gate's tables and the dashboard's columns.
#include <array>
#include <string_view>

#include "harness/catalog/schema.h"

namespace exportcheck::report {

inline constexpr std::array<std::string_view, 3 + catalog::schema::kStageRoots.size()> kStageOrder = [] {
  std::array<std::string_view, 3 + catalog::schema::kStageRoots.size()> order{"catalog", "case", "harness"};
  for (size_t i = 0; i < catalog::schema::kStageRoots.size(); ++i) order[3 + i] = catalog::schema::kStageRoots[i];
  return order;
}();

// The position of `stage`'s root in kStageOrder; unknown roots after every known one.
inline int stage_rank(std::string_view stage) {
  const std::string_view root = stage.substr(0, stage.find(':'));
  for (size_t i = 0; i < kStageOrder.size(); ++i)
    if (kStageOrder[i] == root) return static_cast<int>(i);
  return static_cast<int>(kStageOrder.size());
}

}  // namespace exportcheck::report

// Internal to harness/catalog: `expect:` → Expectations.
#pragma once

#include <string>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/catalog/yaml_reader.h"

namespace exportcheck::catalog::detail {

// What the case runs, so an expectation can only name variants that exist.
struct ExpectScope {
  std::vector<std::string> modes;    // "nonstrict", "strict"
  std::vector<std::string> irs;
  std::vector<std::string> devices;
};

std::vector<Expectation> parse_expect(Diagnostics& d, const Value& v, const ExpectScope& scope);

}  // namespace exportcheck::catalog::detail

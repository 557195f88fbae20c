// One problem in a case file (or tags.yaml), pointing at file:line: field.
#pragma once

#include <string>

namespace exportcheck::catalog {

struct CaseError {
  std::string file;     // as shown to users, e.g. "cases/x.yaml"
  int line = 0;         // 1-based; 0 when unknown
  std::string field;    // dotted path, e.g. "dynamic_shapes.args[0].0"; empty for the whole file
  std::string message;

  // "cases/x.yaml:12: dynamic_shapes.dims.batch.min: min (5) > max (2)"
  std::string str() const;
};

}  // namespace exportcheck::catalog

#include "harness/catalog/case_error.h"

namespace exportcheck::catalog {

std::string CaseError::str() const {
  std::string out = file;
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
  }
  out += ": ";
  if (!field.empty()) {
    out += field;
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace exportcheck::catalog

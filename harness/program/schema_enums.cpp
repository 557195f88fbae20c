#include "harness/program/schema_enums.h"

namespace exportcheck::program {

std::optional<c10::ScalarType> scalar_type_from_schema(std::int64_t number) {
  using S = c10::ScalarType;
  switch (number) {
    case 1: return S::Byte;
    case 2: return S::Char;
    case 3: return S::Short;
    case 4: return S::Int;
    case 5: return S::Long;
    case 6: return S::Half;
    case 7: return S::Float;
    case 8: return S::Double;
    case 9: return S::ComplexHalf;
    case 10: return S::ComplexFloat;
    case 11: return S::ComplexDouble;
    case 12: return S::Bool;
    case 13: return S::BFloat16;
    case 28: return S::UInt16;
    case 29: return S::Float8_e4m3fn;
    case 30: return S::Float8_e5m2;
    case 31: return S::Float8_e4m3fnuz;
    case 32: return S::Float8_e5m2fnuz;
    case 33: return S::Float8_e8m0fnu;
    case 34: return S::UInt32;
    case 35: return S::UInt64;
    default: return std::nullopt;
  }
}

std::optional<c10::Layout> layout_from_schema(std::int64_t number) {
  using L = c10::Layout;
  switch (number) {
    case 1: return L::Sparse;
    case 2: return L::SparseCsr;
    case 3: return L::SparseCsc;
    case 4: return L::SparseBsr;
    case 5: return L::SparseBsc;
    case 6: return L::Mkldnn;
    case 7: return L::Strided;
    default: return std::nullopt;
  }
}

std::optional<c10::MemoryFormat> memory_format_from_schema(std::int64_t number) {
  using M = c10::MemoryFormat;
  switch (number) {
    case 1: return M::Contiguous;
    case 2: return M::ChannelsLast;
    case 3: return M::ChannelsLast3d;
    case 4: return M::Preserve;
    default: return std::nullopt;
  }
}

}  // namespace exportcheck::program

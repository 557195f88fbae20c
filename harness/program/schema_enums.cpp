#include "harness/program/schema_enums.h"

#include "harness/schema/dtype.h"

namespace exportcheck::program {

// The one dtype table's c10 numbers are c10's own.
static_assert(schema::find_dtype(7)->c10 == static_cast<std::int8_t>(c10::ScalarType::Float));
static_assert(schema::find_dtype(13)->c10 == static_cast<std::int8_t>(c10::ScalarType::BFloat16));
static_assert(schema::find_dtype(28)->c10 == static_cast<std::int8_t>(c10::ScalarType::UInt16));
static_assert(schema::find_dtype(29)->c10 == static_cast<std::int8_t>(c10::ScalarType::Float8_e4m3fn));
static_assert(schema::find_dtype(30)->c10 == static_cast<std::int8_t>(c10::ScalarType::Float8_e5m2));
static_assert(schema::find_dtype(31)->c10 == static_cast<std::int8_t>(c10::ScalarType::Float8_e4m3fnuz));
static_assert(schema::find_dtype(32)->c10 == static_cast<std::int8_t>(c10::ScalarType::Float8_e5m2fnuz));
static_assert(schema::find_dtype(33)->c10 == static_cast<std::int8_t>(c10::ScalarType::Float8_e8m0fnu));
static_assert(schema::find_dtype(34)->c10 == static_cast<std::int8_t>(c10::ScalarType::UInt32));
static_assert(schema::find_dtype(35)->c10 == static_cast<std::int8_t>(c10::ScalarType::UInt64));
static_assert(schema::find_dtype(9)->c10 == static_cast<std::int8_t>(c10::ScalarType::ComplexHalf));
static_assert(schema::find_dtype(12)->c10 == static_cast<std::int8_t>(c10::ScalarType::Bool));

std::optional<c10::ScalarType> scalar_type_from_schema(std::int64_t number) {
  if (const schema::Dtype* d = schema::find_dtype(number)) return static_cast<c10::ScalarType>(d->c10);
  return std::nullopt;
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

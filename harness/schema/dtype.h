#pragma once
// The one dtype table: the export schema's ScalarType number (torch/_export/
// serde/schema.py; FLOAT is 7 there, 6 in c10), the names golden IR and
// torch print, the c10::ScalarType value and the element size. Plain data,
// so validate/ (no LibTorch) and program/ (c10) share it; model_reader.cpp
// and program/schema_enums.cpp check it against torch's enums at compile time.
#include <array>
#include <cstdint>
#include <string_view>

namespace exportcheck::schema {

struct Dtype {
  std::int64_t schema;          // torch::_export::ScalarType
  std::string_view short_name;  // golden IR: f32[s0, 3]
  std::string_view torch_name;  // torch.float32
  std::int8_t c10;              // static_cast<int8_t>(c10::ScalarType)
  std::uint8_t element_size;    // bytes
};

inline constexpr std::array<Dtype, 21> kDtypes{{
    {1, "u8", "torch.uint8", 0, 1},
    {2, "i8", "torch.int8", 1, 1},
    {3, "i16", "torch.int16", 2, 2},
    {4, "i32", "torch.int32", 3, 4},
    {5, "i64", "torch.int64", 4, 8},
    {6, "f16", "torch.float16", 5, 2},
    {7, "f32", "torch.float32", 6, 4},
    {8, "f64", "torch.float64", 7, 8},
    {9, "c32", "torch.complex32", 8, 4},
    {10, "c64", "torch.complex64", 9, 8},
    {11, "c128", "torch.complex128", 10, 16},
    {12, "b8", "torch.bool", 11, 1},
    {13, "bf16", "torch.bfloat16", 15, 2},
    {28, "u16", "torch.uint16", 27, 2},
    {29, "f8e4m3fn", "torch.float8_e4m3fn", 24, 1},
    {30, "f8e5m2", "torch.float8_e5m2", 23, 1},
    {31, "f8e4m3fnuz", "torch.float8_e4m3fnuz", 26, 1},
    {32, "f8e5m2fnuz", "torch.float8_e5m2fnuz", 25, 1},
    {33, "f8e8m0fnu", "torch.float8_e8m0fnu", 44, 1},
    {34, "u32", "torch.uint32", 28, 4},
    {35, "u64", "torch.uint64", 29, 8},
}};

// nullptr for a number this table does not know (UNKNOWN = 0, newer dtypes).
constexpr const Dtype* find_dtype(std::int64_t schema_number) {
  for (const Dtype& d : kDtypes)
    if (d.schema == schema_number) return &d;
  return nullptr;
}

constexpr const Dtype* find_dtype_by_c10(std::int8_t c10) {
  for (const Dtype& d : kDtypes)
    if (d.c10 == c10) return &d;
  return nullptr;
}

}  // namespace exportcheck::schema

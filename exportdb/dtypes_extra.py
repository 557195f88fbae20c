"""dtypes beyond float32: complex tensors and constants, float8 and unsigned
constants, small integer types (the serializer's known weak spots)."""

import torch


class ComplexOps(torch.nn.Module):
    """A complex64 input times a complex64 lifted constant; returns the product, its abs and a real copy."""

    def __init__(self) -> None:
        super().__init__()
        self.rot = torch.polar(torch.ones(4), torch.linspace(0, 3.14, 4)).to(torch.complex64)

    def forward(self, z: torch.Tensor):
        p = z * self.rot
        return p, p.abs(), torch.view_as_real(p).clone()


class ComplexRealView(torch.nn.Module):
    """Returns a complex tensor and torch.view_as_real of it: two outputs viewing one storage as different dtypes."""

    def forward(self, z: torch.Tensor):
        p = z * 2
        return p, torch.view_as_real(p)


class Float8Constant(torch.nn.Module):
    """A float8_e4m3fn buffer upcast to float32 and added to the input."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("w8", torch.linspace(-2, 2, 8).to(torch.float8_e4m3fn))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.w8.to(torch.float32)


class SmallInts(torch.nn.Module):
    """uint8 and int8 inputs: saturating-free arithmetic, a uint16 lifted constant, casts to int32."""

    def __init__(self) -> None:
        super().__init__()
        self.lut = torch.arange(4, dtype=torch.int32).to(torch.uint16)

    def forward(self, a: torch.Tensor, b: torch.Tensor):
        s = a.to(torch.int32) + b.to(torch.int32)
        return s, (a // 2).to(torch.uint8), b.abs(), self.lut.to(torch.int32) + s[:, :4]

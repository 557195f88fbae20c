"""Dataclass input types, registered with pytree when imported.

They live apart from the model modules so a process that only loads an
archive and its replay bundle (the load role) can unpickle them without
importing model code. `serialized_type_name` is required for
torch.export.save to write the input spec.
"""

import dataclasses
import typing

import torch
import torch.utils._pytree as pytree


@dataclasses.dataclass
class D:
    """The AdditionalInputs example's input on the torch.export page."""

    b: bool
    i: int
    f: float
    t: torch.Tensor


@dataclasses.dataclass
class Point:
    """Two tensors, for cases about dataclass inputs."""

    x: torch.Tensor
    y: torch.Tensor


pytree.register_dataclass(D, serialized_type_name="exportdb.types.D")
pytree.register_dataclass(Point, serialized_type_name="exportdb.types.Point")


class Pair(typing.NamedTuple):
    """A namedtuple output (namedtuples are pytree nodes without registration)."""

    total: torch.Tensor
    diff: torch.Tensor


@dataclasses.dataclass
class Stats:
    """A dataclass output type, registered with pytree like the inputs."""

    mean: torch.Tensor
    std: torch.Tensor


pytree.register_dataclass(Stats, serialized_type_name="exportdb.types.Stats")
# A namedtuple is a pytree node without registration, but torch.export.save
# needs a serialized name for it in the output spec.
pytree._register_namedtuple(Pair, serialized_type_name="exportdb.types.Pair")

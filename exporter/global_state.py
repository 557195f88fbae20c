"""torch's process-wide state, so a persistent worker can give every case a fresh process's.

Model code may change torch's global state and never change it back:
`torch.set_default_dtype(torch.float64)` in `__init__` (Hugging Face does so
while building from a config with a dtype), `torch.set_grad_enabled(False)`,
`torch.backends.cudnn.deterministic = True`, a dynamo config flag. In a
worker that serves many cases, the next case would run under that state (a
plain nn.Linear then fails with "mat1 and mat2 must have the same dtype").

`snapshot()` reads every item of the table `ITEMS` (documented public flags,
plus the config modules that steer torch.export); `diff(before, now)` names
each item that changed ("default dtype float32 -> float64"); `restore(s)`
sets them back and returns what it could not restore (the inter-op thread
count can be set once per process; inference mode and a leaked
`with torch.device(...)` have no setter). The worker (exporter/worker.py)
uses them around every request; PROTOCOL.md says what it reports.

Not covered: the RNG (the exporter seeds before building each model), caches
such as dynamo's compiled code, pytree registrations, custom-op libraries.
"""

import copy
from dataclasses import dataclass
from typing import Any, Callable, Collection, Mapping

import torch


@dataclass(frozen=True)
class Item:
    """One piece of global state: how to read it, set it (None: it cannot be set back) and show it."""

    name: str
    get: Callable[[], Any]
    set: Callable[[Any], None] | None
    show: Callable[[Any], str] = str


@dataclass(frozen=True)
class Snapshot:
    """The value of every item (by name) at one moment."""

    values: Mapping[str, Any]


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def _dtype(value: torch.dtype) -> str:
    return str(value).removeprefix("torch.")


def _attribute(path: str) -> Item:
    """A documented module attribute such as torch.backends.cudnn.benchmark (a bool)."""
    owner_path, _, attr = path.rpartition(".")

    def owner() -> Any:
        obj: Any = torch
        for part in owner_path.split(".")[1:]:
            obj = getattr(obj, part)
        return obj

    return Item(path, lambda: getattr(owner(), attr), lambda v: setattr(owner(), attr, v))


def _set_deterministic(value: tuple[bool, bool]) -> None:
    torch.use_deterministic_algorithms(value[0], warn_only=value[1])


def _show_deterministic(value: tuple[bool, bool]) -> str:
    return _on_off(value[0]) + (" (warn_only)" if value[0] and value[1] else "")


def _show_anomaly(value: tuple[bool, bool]) -> str:
    return _on_off(value[0]) + ("" if value[1] else " (check_nan off)")


def _set_default_device(device: torch.device) -> None:
    # cpu is what a fresh process has: no default-device context at all.
    torch.set_default_device(None if device == torch.device("cpu") else device)


def _set_printoptions(options: dict[str, Any]) -> None:
    torch.set_printoptions(**options)


def _printoptions() -> dict[str, Any]:
    from torch._tensor_str import PRINT_OPTS

    return {k: getattr(PRINT_OPTS, k) for k in ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")}


def _set_multithreading(value: bool) -> None:
    torch.autograd.set_multithreading_enabled(value)  # sets on construction, like torch.set_grad_enabled


def _set_fill_uninitialized_memory(value: bool) -> None:
    torch.utils.deterministic.fill_uninitialized_memory = value


# The state a model may change, in restore order (matmul precision before the
# TF32 flags it implies).
ITEMS: tuple[Item, ...] = (
    Item("default dtype", torch.get_default_dtype, torch.set_default_dtype, _dtype),
    Item("default device", torch.get_default_device, _set_default_device),
    Item("grad mode", torch.is_grad_enabled, torch.set_grad_enabled, _on_off),
    Item("inference mode", torch.is_inference_mode_enabled, None, _on_off),
    Item("deterministic algorithms",
         lambda: (torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()),
         _set_deterministic, _show_deterministic),
    Item("torch.utils.deterministic.fill_uninitialized_memory",
         lambda: bool(torch.utils.deterministic.fill_uninitialized_memory), _set_fill_uninitialized_memory),
    Item("anomaly detection", lambda: (torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()),
         lambda v: torch.set_anomaly_enabled(v[0], v[1]), _show_anomaly),
    Item("autograd multithreading", torch.autograd.is_multithreading_enabled, _set_multithreading, _on_off),
    Item("warn always", torch.is_warn_always_enabled, torch.set_warn_always, _on_off),
    Item("num threads", torch.get_num_threads, torch.set_num_threads),
    Item("num interop threads", torch.get_num_interop_threads, None),  # settable once per process
    Item("float32 matmul precision", torch.get_float32_matmul_precision, torch.set_float32_matmul_precision),
    *(_attribute(p) for p in (
        "torch.backends.cuda.matmul.allow_tf32",
        "torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction",
        "torch.backends.cuda.matmul.allow_bf16_reduced_precision_reduction",
        "torch.backends.cudnn.enabled",
        "torch.backends.cudnn.benchmark",
        "torch.backends.cudnn.deterministic",
        "torch.backends.cudnn.allow_tf32",
        "torch.backends.mkldnn.enabled",
    )),
    *(Item(f"torch.backends.cuda.{kind}_sdp_enabled", getattr(torch.backends.cuda, f"{kind}_sdp_enabled"),
           getattr(torch.backends.cuda, f"enable_{kind}_sdp"))
      for kind in ("flash", "mem_efficient", "math", "cudnn")),
    Item("printoptions", _printoptions, _set_printoptions),
)

# Config modules whose flags change what torch.export does (capture_scalar_outputs,
# backed_size_oblivious, ...): each flag is a value "<module>.<flag>" of a snapshot.
CONFIG_MODULES: tuple[str, ...] = (
    "torch._dynamo.config", "torch._functorch.config", "torch.fx.experimental._config", "torch._export.config",
)


def _config_modules() -> dict[str, Any]:
    import importlib

    modules = {}
    for name in CONFIG_MODULES:
        try:
            modules[name] = importlib.import_module(name)
        except ImportError:
            continue
    return modules


@dataclass(frozen=True)
class _Unreadable:
    """The value of an item whose getter raised."""

    error: str

    def __str__(self) -> str:
        return f"<unreadable: {self.error}>"


def snapshot() -> Snapshot:
    """The current value of every item of ITEMS and of every config flag.
    Config values are deep copies (`get_config_copy`: a list flag mutated in
    place still shows as a change), read without getattr, which warns for
    deprecated flags."""
    values: dict[str, Any] = {}
    for item in ITEMS:
        try:
            values[item.name] = item.get()
        except Exception as e:  # noqa: BLE001 - an unreadable item is a value too
            values[item.name] = _Unreadable(f"{type(e).__name__}: {e}")
    for name, module in _config_modules().items():
        for flag, value in module.get_config_copy().items():
            values[f"{name}.{flag}"] = value
    return Snapshot(values)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - values that cannot be compared compare by identity
        return a is b


def changed(before: Snapshot, now: Snapshot) -> list[str]:
    """Names of the items and config flags whose value differs, in table order."""
    return [name for name, value in before.values.items() if not _same(value, now.values.get(name))]


_BY_NAME = {item.name: item for item in ITEMS}


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _show(name: str, value: Any) -> str:
    item = _BY_NAME.get(name)
    if item is None or isinstance(value, _Unreadable):  # a config flag
        return _short(str(value) if isinstance(value, _Unreadable) else repr(value))
    try:
        return item.show(value)
    except Exception:  # noqa: BLE001
        return _short(repr(value))


def diff(before: Snapshot, now: Snapshot, not_restored: Collection[str] = ()) -> list[str]:
    """Each change as "NAME BEFORE -> NOW", e.g. "default dtype float32 -> float64";
    a name in `not_restored` (what `restore` returned) gets " (cannot be restored)"."""
    return [f"{name} {_show(name, before.values[name])} -> {_show(name, now.values.get(name))}"
            + (" (cannot be restored)" if name in not_restored else "")
            for name in changed(before, now)]


def _set(name: str, value: Any) -> None:
    item = _BY_NAME.get(name)
    if item is not None:
        if item.set is None:
            raise RuntimeError(f"{name} cannot be set")
        item.set(value)
        return
    module_name, _, flag = name.rpartition(".")
    setattr(_config_modules()[module_name], flag, copy.deepcopy(value))


def restore(target: Snapshot) -> list[str]:
    """Set everything that differs from `target` back to its value there;
    returns the names of what still differs (no setter, or the setter refused)."""
    differing = changed(target, snapshot())
    if not differing:
        return []
    for name in differing:
        value = target.values[name]
        if isinstance(value, _Unreadable):
            continue
        try:
            _set(name, value)
        except Exception:  # noqa: BLE001 - reported as not restored
            pass
    return changed(target, snapshot())

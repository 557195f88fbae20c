"""The input sizes of the timm suite (exportdb/zoo/timm_models.py SMALL_SIZES
and IMG_SIZE): for each model of the suite, the smallest of CANDIDATES below
its pretrained size at which eager runs at batch 2 with random weights,
first built as the suite builds it, else built with timm's `img_size` at that
size. Prints both tables as Python, and one line per model on stderr.

    python -m exporter.tools.probe_timm_sizes [MODEL ...]

CPU only, nothing downloaded; about 5 minutes for the whole list here.
"""

from __future__ import annotations

import sys
import time
from typing import Any

CANDIDATES = (64, 96, 128, 160, 192)


def runs(model: Any, size: int) -> bool:
    import torch

    try:
        with torch.no_grad():
            model(torch.randn(2, 3, size, size))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not at this size"
        return False


def pretrained_size(name: str) -> int:
    import timm

    from exportdb.zoo.timm_models import DEFAULT_SIZE

    cfg = timm.models.get_pretrained_cfg(name)
    return int(cfg.input_size[-1]) if cfg and cfg.input_size else DEFAULT_SIZE


def probe(name: str) -> tuple[int, bool] | None:
    """(size, built with img_size) or None when nothing below the pretrained size runs."""
    import timm

    limit = pretrained_size(name)
    model = timm.create_model(name, pretrained=False).eval()
    for size in (s for s in CANDIDATES if s < limit):
        if runs(model, size):
            return size, False
    for size in (s for s in CANDIDATES if s < limit):
        try:
            model = timm.create_model(name, pretrained=False, img_size=size).eval()
        except TypeError:  # the model takes no img_size
            return None
        if runs(model, size):
            return size, True
    return None


def table(name: str, sizes: dict[str, int]) -> str:
    return f"{name} = {{\n" + "".join(f'    "{k}": {v},\n' for k, v in sorted(sizes.items())) + "}\n"


def main(argv: list[str]) -> int:
    import torch

    from exportdb.zoo import torchvision_ops
    from exportdb.zoo.timm_models import DYNAMO_LIST

    torchvision_ops.ensure_importable()
    import timm

    torch.manual_seed(0)
    small: dict[str, int] = {}
    img_size: dict[str, int] = {}
    for name in argv or [n for n in DYNAMO_LIST if timm.is_model(n)]:
        start = time.perf_counter()
        found = probe(name)
        if found:
            (img_size if found[1] else small)[name] = found[0]
        print(f"{name}: {found} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    print(table("SMALL_SIZES", small) + "\n" + table("IMG_SIZE", img_size), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

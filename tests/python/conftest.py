"""Shared fixtures: the project root on sys.path, and one export + one load
worker per test session (each pays `import torch` once)."""

import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workers import Worker  # noqa: E402  (needs ROOT on sys.path first)


@pytest.fixture(scope="session")
def export_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    worker = Worker("export", tmp_path_factory.mktemp("logs") / "export.log")
    yield worker
    assert worker.close() == 0, "the worker must exit 0 when stdin closes"


@pytest.fixture(scope="session")
def load_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    worker = Worker("load", tmp_path_factory.mktemp("logs") / "load.log")
    yield worker
    assert worker.close() == 0, "the worker must exit 0 when stdin closes"

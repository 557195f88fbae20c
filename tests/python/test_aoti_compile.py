"""exporter/aoti_compile.py: AOTInductor compile of a saved archive through the compile cache."""

import json
from pathlib import Path

import pytest
import torch

from exporter import aoti_compile as ac


class SinLinear(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lin = torch.nn.Linear(4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin(x).sin()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("aoti") / "model.pt2"
    batch = torch.export.Dim("batch", min=2, max=16)
    ep = torch.export.export(SinLinear(), (torch.randn(3, 4),), dynamic_shapes=({0: batch},))
    torch.export.save(ep, path)
    return path


def request(archive: Path, cache: Path, **kw) -> dict:
    return {"op": "aoti_compile", "archive": str(archive), "device": "cpu", "cache_dir": str(cache), **kw}


def test_compiles_once_then_hits_and_rebuilds_a_damaged_package(archive: Path, tmp_path: Path):
    first = ac.aoti_compile(request(archive, tmp_path))
    assert first["compiled"] and first["cache"] == "miss" and first["compile_seconds"] > 0
    package = Path(first["package"])
    assert package.is_absolute() and package.parent.parent == tmp_path.resolve()

    # The package runs and agrees with the archive's program.
    loaded = torch._inductor.aoti_load_package(str(package))
    x = torch.randn(5, 4)
    torch.testing.assert_close(loaded(x), torch.export.load(archive).module()(x))

    again = ac.aoti_compile(request(archive, tmp_path))
    assert again["cache"] == "hit" and again["package"] == first["package"]
    assert again["compile_seconds"] == first["compile_seconds"]  # the compile that made it

    with package.open("r+b") as f:  # damage: a few bytes overwritten in place
        f.seek(100)
        f.write(b"\0\0\0\0")
    rebuilt = ac.aoti_compile(request(archive, tmp_path))
    assert rebuilt["cache"] == "rebuilt" and "damaged" in rebuilt["rebuilt_because"]
    assert ac.check_entry(package.parent, {"key": first["key"]}) is None


def test_two_saves_of_one_program_share_a_digest_other_weights_do_not(tmp_path: Path):
    torch.manual_seed(0)
    model = SinLinear()
    ep = torch.export.export(model, (torch.randn(3, 4),))
    torch.export.save(ep, tmp_path / "a.pt2")
    # A fresh export and save: another serialization id, other stack-trace metadata, other example inputs.
    torch.export.save(torch.export.export(model, (torch.randn(3, 4),)), tmp_path / "b.pt2")
    assert ac._sha256(tmp_path / "a.pt2") != ac._sha256(tmp_path / "b.pt2")
    assert ac.program_digest(tmp_path / "a.pt2") == ac.program_digest(tmp_path / "b.pt2")
    with torch.no_grad():
        model.lin.weight[0, 0] += 1
    torch.export.save(torch.export.export(model, (torch.randn(3, 4),)), tmp_path / "c.pt2")
    assert ac.program_digest(tmp_path / "c.pt2") != ac.program_digest(tmp_path / "a.pt2")


def test_the_key_covers_options_device_and_program(archive: Path):
    digest = ac.program_digest(archive)
    base = ac.cache_key(digest, "cpu", {})
    assert ac.cache_key(digest, "cpu", {}) == base
    assert ac.cache_key(digest, "cuda", {}) != base
    assert ac.cache_key(digest, "cpu", {"aot_inductor.compile_wrapper_opt_level": "O0"}) != base
    assert ac.cache_key("0" * 64, "cpu", {}) != base


def write_entry(entry: Path, meta: dict, package: bytes) -> None:
    import zipfile

    entry.mkdir(parents=True)
    with zipfile.ZipFile(entry / "package.pt2", "w") as z:
        z.writestr("x", package)
    meta = {**meta, "package_sha256": ac._sha256(entry / "package.pt2")}
    (entry / "entry.json").write_text(json.dumps(meta))


def test_an_entry_from_another_torch_or_unreadable_is_not_trusted(tmp_path: Path):
    expected = {"format": ac.ENTRY_FORMAT, "key": "k", "torch": ac.torch_identity(), "device": "cpu", "options": {}}
    write_entry(tmp_path / "ok", expected, b"payload")
    assert ac.check_entry(tmp_path / "ok", expected) is None
    write_entry(tmp_path / "old", {**expected, "torch": "2.11.0+cu128 (git abc)"}, b"payload")
    assert ac.check_entry(tmp_path / "old", expected).startswith("entry.json torch is '2.11.0+cu128 (git abc)'")
    (tmp_path / "garbled").mkdir()
    (tmp_path / "garbled" / "entry.json").write_text("{not json")
    assert "entry.json unreadable" in ac.check_entry(tmp_path / "garbled", expected)
    assert ac.check_entry(tmp_path / "absent", expected) == "not cached"
    write_entry(tmp_path / "nozip", expected, b"payload")
    (tmp_path / "nozip" / "package.pt2").write_bytes(b"not a zip")
    assert ac.check_entry(tmp_path / "nozip", expected) == "package.pt2 is not a zip archive"


def test_a_compile_error_is_a_reply_with_the_compilers_message(archive: Path, tmp_path: Path, monkeypatch):
    def broken(*_args, **_kw):
        raise RuntimeError("C++ compile error\nfull log")

    monkeypatch.setattr(ac, "_compile", broken)
    r = ac.aoti_compile(request(archive, tmp_path))
    assert r["ok"] and r["compiled"] is False
    assert r["message"] == "aoti compile: RuntimeError: C++ compile error"
    assert "Traceback" in r["traceback"]
    assert [p.name for p in tmp_path.iterdir() if not p.name == "inductor"] == []  # no half-written entry


def test_a_request_without_archive_or_cache_is_refused(archive: Path):
    with pytest.raises(ValueError, match="needs 'archive' and 'cache_dir'"):
        ac.aoti_compile({"op": "aoti_compile", "archive": str(archive), "device": "cpu"})

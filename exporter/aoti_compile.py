"""AOTInductor compile of a saved archive, with a compile cache (load role, op "aoti_compile").

The archive is loaded with `torch.export.load` in the load worker (which never
imports model code) and compiled with `torch._inductor.aoti_compile_and_package`;
the C++ worker then loads and runs the package with `AOTIModelPackageLoader`.

Compiling costs seconds to minutes, so packages are cached under the request's
`cache_dir`, one folder per key:

    <cache_dir>/<key>/package.pt2   the AOTInductor package
    <cache_dir>/<key>/entry.json    what the key was made of, the package's sha256,
                                    the compile time it took

The key is the sha256 of the archive's program (`program_digest`: every entry
but the random serialization id and the example inputs, model JSON without node
metadata such as stack traces), the torch version (with its git revision), the
device type and the compile options. An entry is used only when
its entry.json matches the request and its package still has the recorded
sha256; anything else (a damaged or truncated package, an entry written by
another torch) is compiled again and replaced, and the reply says why.
Inductor's own caches (precompiled headers, FX graph cache) live beside it in
`<cache_dir>/inductor`, so a fresh key compiles faster after the first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import torch

from exporter.errors import error_fields
from exporter.protocol import AotiCompileReply, AotiCompileRequest, Json

ENTRY_FORMAT = 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _without_metadata(value: Any) -> Any:
    """The model JSON without any `metadata` object (stack traces, nn_module_stack,
    from_node with object addresses): what varies between two exports of one program."""
    if isinstance(value, dict):
        return {k: _without_metadata(v) for k, v in value.items() if k != "metadata"}
    if isinstance(value, list):
        return [_without_metadata(v) for v in value]
    return value


def program_digest(archive: Path) -> str:
    """sha256 of what the compiled code depends on: every entry of the archive (path inside
    the archive's top folder, bytes) except `.data/serialization_id` (random per save) and the
    example inputs, with model JSON hashed without its node metadata. Two exports of the same
    model with the same weights share a digest, so the compile cache survives a re-export."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(archive) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            inner = info.filename.split("/", 1)[1] if "/" in info.filename else info.filename
            if info.is_dir() or inner == ".data/serialization_id" or inner.startswith("data/sample_inputs/"):
                continue
            data = z.read(info)
            if inner.startswith("models/") and inner.endswith(".json"):
                data = json.dumps(_without_metadata(json.loads(data)), sort_keys=True).encode()
            digest.update(inner.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def torch_identity() -> str:
    """The torch release and build a package belongs to: '2.13.0+cpu (git 1a2b3c...)'."""
    return f"{torch.__version__} (git {getattr(torch.version, 'git_version', 'unknown')})"


def cache_key(program_sha256: str, device_type: str, options: dict[str, Any]) -> str:
    material = json.dumps({"program": program_sha256, "torch": torch_identity(), "device": device_type,
                           "options": options, "format": ENTRY_FORMAT}, sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def check_entry(entry_dir: Path, expected: Json) -> str | None:
    """Why the cached entry cannot be used, or None when it can."""
    meta_path, package = entry_dir / "entry.json", entry_dir / "package.pt2"
    if not entry_dir.exists():
        return "not cached"
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError) as e:
        return f"entry.json unreadable ({type(e).__name__}: {e})"
    if not isinstance(meta, dict):
        return "entry.json is not an object"
    for field, want in expected.items():
        if meta.get(field) != want:
            return f"entry.json {field} is {meta.get(field)!r}, not {want!r}"
    if not package.is_file():
        return "package.pt2 missing"
    if not zipfile.is_zipfile(package):
        return "package.pt2 is not a zip archive"
    if _sha256(package) != meta.get("package_sha256"):
        return "package.pt2 does not match its recorded sha256 (damaged)"
    return None


def _device_type(device: str) -> str:
    return torch.device(device).type


def _compile(archive: str, device: str, options: dict[str, Any], package: Path) -> None:
    ep = torch.export.load(archive)
    if _device_type(device) != "cpu":
        from torch.export.passes import move_to_device_pass

        ep = move_to_device_pass(ep, device)
    torch._inductor.aoti_compile_and_package(ep, package_path=str(package), inductor_configs=dict(options))


def _inductor_cache(cache_dir: Path) -> None:
    # Read by inductor when it compiles; a user's own setting wins.
    os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", str(cache_dir / "inductor"))


def _publish(staging: Path, entry_dir: Path, expected: Json) -> None:
    """Moves a finished entry into place. A valid entry another worker published meanwhile
    wins (it may be in use); an invalid one is replaced."""
    if entry_dir.exists():
        if check_entry(entry_dir, expected) is None:
            shutil.rmtree(staging, ignore_errors=True)
            return
        shutil.rmtree(entry_dir, ignore_errors=True)
    try:
        os.replace(staging, entry_dir)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)


def aoti_compile(request: AotiCompileRequest) -> AotiCompileReply | Json:
    start = time.perf_counter()
    archive, device = request.get("archive"), request.get("device", "cpu")
    cache_value = request.get("cache_dir")
    if not archive or not cache_value:
        raise ValueError("an aoti_compile request needs 'archive' and 'cache_dir'")
    options: dict[str, Any] = dict(request.get("options") or {})
    device_type = _device_type(device)
    if device_type == "cuda" and not torch.cuda.is_available():
        return {"ok": True, "compiled": False, "unsupported": "CUDA not available"}
    cache_dir = Path(cache_value).resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    _inductor_cache(cache_dir)

    program_sha = program_digest(Path(archive))
    key = cache_key(program_sha, device_type, options)
    entry_dir = cache_dir / key
    expected = {"format": ENTRY_FORMAT, "key": key, "program_sha256": program_sha, "torch": torch_identity(),
                "device": device_type, "options": options}
    why = check_entry(entry_dir, expected)
    if why is None:
        meta = json.loads((entry_dir / "entry.json").read_text())
        return {"ok": True, "compiled": True, "package": str(entry_dir / "package.pt2"), "cache": "hit", "key": key,
                "compile_seconds": meta.get("compile_seconds", 0.0), "seconds": round(time.perf_counter() - start, 6)}

    staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache_dir))
    package = staging / "package.pt2"
    compile_start = time.perf_counter()
    try:
        _compile(archive, device, options, package)
    except Exception as e:  # the compiler's error is the stage's verdict, not the worker's
        shutil.rmtree(staging, ignore_errors=True)
        fields = error_fields(e)
        first = (fields["message"].splitlines() or [""])[0]
        return {**fields, "ok": True, "compiled": False, "message": f"aoti compile: {fields['error_type']}: {first}",
                "seconds": round(time.perf_counter() - start, 6)}
    compile_seconds = round(time.perf_counter() - compile_start, 6)
    meta = {**expected, "package_sha256": _sha256(package), "compile_seconds": compile_seconds,
            "archive": os.path.realpath(archive), "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (staging / "entry.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    _publish(staging, entry_dir, expected)
    reply: Json = {"ok": True, "compiled": True, "package": str(entry_dir / "package.pt2"),
                   "cache": "miss" if why == "not cached" else "rebuilt", "key": key,
                   "compile_seconds": compile_seconds, "seconds": round(time.perf_counter() - start, 6)}
    if why != "not cached":
        reply["rebuilt_because"] = why
    return reply

"""The model code a standalone repro needs, as files copied beside it.

A case's model is either a library class (torch.nn.Linear, a transformers
model): the repro imports it. Or it is ours (exportdb/...): then the repro
gets a verbatim copy of the model's module and of every first-party module
it imports, transitively, in their package layout, so `from exportdb.shapes
import PairAdd` works from the repro's folder with only torch installed.
Copying whole files keeps the source honest (no rewriting) at the price of a
few unused classes.

"First-party" is a module whose file lies outside the interpreter's
library folders (stdlib, site-packages): the catalog's own model code.
"""

import ast
import importlib.util
import shutil
import sysconfig
from pathlib import Path


def _library_roots() -> list[Path]:
    paths = sysconfig.get_paths()
    return [Path(paths[k]).resolve() for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths]


def module_file(name: str) -> Path | None:
    """The .py file of a first-party module, or None for a library, builtin or missing one."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    path = Path(spec.origin).resolve()
    if any(path.is_relative_to(root) for root in _library_roots()):
        return None
    return path


def _imported_names(path: Path, module: str) -> set[str]:
    """Every module name an import statement in `path` may refer to (lazy imports included)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            if base:
                names.add(base)
                # `from pkg import mod` may name a submodule.
                names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def _with_parents(name: str) -> list[str]:
    """"a.b.c" -> ["a", "a.b", "a.b.c"]: importing a module runs its packages' __init__ too."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def first_party_files(modules: list[str]) -> dict[str, Path]:
    """module name -> file for `modules` and every first-party module they import, transitively."""
    found: dict[str, Path] = {}
    pending = [m for name in modules for m in _with_parents(name)]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        path = module_file(name)
        if path is None:
            continue
        found[name] = path
        for imported in _imported_names(path, name):
            pending.extend(m for m in _with_parents(imported) if m not in found)
    return found


def copy_modules(modules: list[str], out_dir: Path) -> list[str]:
    """Copy the first-party modules `modules` need under out_dir in their package
    layout; returns the copied paths, relative to out_dir, sorted."""
    copied = []
    for name, path in first_party_files(modules).items():
        relative = Path(*name.split("."))
        relative = relative / "__init__.py" if path.name == "__init__.py" else relative.with_suffix(".py")
        (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out_dir / relative)
        copied.append(str(relative))
    return sorted(copied)

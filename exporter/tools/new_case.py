"""Write cases/NAME.yaml from a template (cases/README.md, "Add a case").

    scripts/new-case NAME [--model MODULE:CLASS] [--kwargs YAML-FLOW-MAP]
                          [--description TEXT] [--tags TAG,TAG] [--root DIR] [--force]

Without options the case is a runnable YAML-only case: torch.nn.Linear(8, 4)
on a [4, 8] float32 input with a dynamic batch (Dim batch, 2..1024), exported
non-strict at the training and core_aten IR levels. Edit model, inputs and
dynamic_shapes, then

    build/exportcheck run --case NAME --update-golden   # writes golden/NAME/, review it
    build/exportcheck run --case NAME                   # must PASS

Tags must come from cases/tags.yaml (the closed vocabulary); an unknown tag,
a bad name or an existing file (without --force) exits 2 with a message.
Standard library only: it runs before the virtual environment exists.
Run as `python -m exporter.tools.new_case` (scripts/new-case).
"""

import argparse
import re
import sys
from pathlib import Path
from typing import NoReturn

NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
CLASS_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ROOT = Path(__file__).resolve().parents[2]

TEMPLATE = """\
# Written by scripts/new-case; cases/README.md describes every field.
# Next: build/exportcheck run --case {name} --update-golden (review golden/{name}/),
#       then build/exportcheck run --case {name} must PASS.
name: {name}
description: {description}
tags: [{tags}]
model: {{module: {module}, class: {cls}, kwargs: {kwargs}}}
inputs:
  args:
    - {{shape: [4, 8], dtype: float32}}
dynamic_shapes:
  dims: {{batch: {{min: 2, max: 1024}}}}
  args: [{{0: batch}}]
export: {{strict: false, ir: [training, core_aten]}}
"""

DEFAULT_MODEL = "torch.nn:Linear"
DEFAULT_KWARGS = "{in_features: 8, out_features: 4}"
DEFAULT_TAGS = "nn.linear,dynamic-shape,dim.named"


def fail(message: str) -> NoReturn:
    print(f"new-case: {message}", file=sys.stderr)
    sys.exit(2)


def known_tags(tags_file: Path) -> set[str]:
    """The keys under `tags:` in tags.yaml (two-space indented `name: meaning` lines)."""
    tags: set[str] = set()
    in_tags = False
    for line in tags_file.read_text().splitlines():
        if line.startswith("tags:"):
            in_tags = True
            continue
        if in_tags:
            m = re.match(r"^  ([^\s:#][^:]*):", line)
            if m:
                tags.add(m.group(1).strip())
            elif line and not line.startswith((" ", "#")):
                in_tags = False
    return tags


def yaml_text(value: str) -> str:
    """A one-line description as a YAML scalar, quoted when plain style would misparse."""
    if not value or re.search(r":\s|\s#|^[\s\-?:,\[\]{}#&*!|>'\"%@`]|\s$", value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/new-case", description=__doc__.split("\n\n")[0])
    parser.add_argument("name")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="MODULE:CLASS (default torch.nn:Linear)")
    parser.add_argument("--kwargs", default=None, help="constructor kwargs as a YAML flow map, e.g. '{in_features: 8}'")
    parser.add_argument("--description", default=None)
    parser.add_argument("--tags", default=DEFAULT_TAGS, help="comma-separated tags from cases/tags.yaml")
    parser.add_argument("--root", default=str(ROOT), help="project (catalog) root")
    parser.add_argument("--force", action="store_true", help="overwrite an existing case file")
    args = parser.parse_args(argv)

    if not NAME_RE.match(args.name):
        fail(f"bad case name {args.name!r}: use letters, digits, '_', '-', '.'")
    module, sep, cls = args.model.partition(":")
    if not sep or not module or not CLASS_RE.match(cls):
        fail(f"--model must be MODULE:CLASS with a plain class name, got {args.model!r}")
    if args.kwargs is None:
        kwargs = DEFAULT_KWARGS if args.model == DEFAULT_MODEL else "{}"
    else:
        kwargs = args.kwargs.strip()
        if not (kwargs.startswith("{") and kwargs.endswith("}")):
            fail(f"--kwargs must be a YAML flow map like '{{a: 1}}', got {args.kwargs!r}")

    root = Path(args.root).resolve()
    cases = root / "cases"
    tags_file = cases / "tags.yaml"
    if not tags_file.is_file():
        fail(f"{tags_file}: no tag vocabulary here (is --root a catalog root?)")
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    if not tags:
        fail("--tags: at least one tag is required")
    vocabulary = known_tags(tags_file)
    unknown = [t for t in tags if t not in vocabulary]
    if unknown:
        fail(f"unknown tag(s) {', '.join(unknown)}: add them to {tags_file} first (known: {', '.join(sorted(vocabulary))})")
    if len(set(tags)) != len(tags):
        fail("--tags: duplicate tag")

    path = cases / f"{args.name}.yaml"
    if path.exists() and not args.force:
        fail(f"{path} exists (use --force to overwrite)")
    description = args.description or f"{cls} from {module}: says what this case checks (edit me)."
    path.write_text(TEMPLATE.format(name=args.name, description=yaml_text(description), tags=", ".join(tags),
                                    module=module, cls=cls, kwargs=kwargs))
    rel = path.relative_to(root) if path.is_relative_to(root) else path
    print(f"wrote {rel}")
    print(f"next: build/exportcheck run --case {args.name} --update-golden   # review golden/{args.name}/")
    print(f"      build/exportcheck run --case {args.name}                   # must PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

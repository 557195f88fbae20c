"""exportcheck's Python half, run by the C++ harness as persistent workers.

    worker.py          protocol loop (PROTOCOL.md): one JSON request per line
    export_case.py     export role: model + inputs -> eager bundle + .pt2 per mode and IR
    replay.py          load role: .pt2 -> module() -> run the bundle's samples -> compare
    model.py           import and construct the case's model class
    inputs.py          INPUT specs -> example inputs, seeded
    dynamic_shapes.py  DYNAMIC_SHAPES specs -> Dim / ShapesCollection / AdditionalInputs
    compare.py         output pytree comparison with path-naming messages
    baseline.py        the same work in one process, no harness (scripts/bench-baseline)

Nothing here reads YAML: the harness validates case files and sends the
normalized JSON form described in PROTOCOL.md.
"""

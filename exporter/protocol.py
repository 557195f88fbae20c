"""The worker protocol's messages as types: the source of truth for field names.

exporter/PROTOCOL.md says what each field means; this module says which fields
each message has. The C++ side builds every request in one place
(harness/worker/requests.h, which names these types in its comments).
Requests and replies are single-line JSON objects; a reply repeats the
request's "id", which `exporter.worker.serve` adds to what a handler returns
(so the `*Reply` types here have no "id", except `ErrorReply` and `Ready`).

Nothing here imports torch: the worker imports this before claiming stdout.
"""

from typing import Any, Literal, NotRequired, TypedDict

# A JSON object whose fields are not spelled out here (input specs, dynamic
# shapes, bundle entries, ...). The one alias for the exporter's modules.
Json = dict[str, Any]


# --- the normalized case (PROTOCOL.md "The normalized case") -------------------------

ModelSpec = TypedDict("ModelSpec", {"module": str, "class": str, "kwargs": Json})


class ExportSpec(TypedDict):
    strict: list[bool]
    ir: list[str]                   # training | inference | core_aten | custom
    decompositions: str | None      # "module:attr" of a decomposition table, for ir custom


class ReplaySpec(TypedDict):
    samples: int
    seed: int
    max_elements: NotRequired[int]


class ToleranceOverride(TypedDict):
    """The case's `tolerance:`; null keeps the dtype's default."""

    atol: float | None
    rtol: float | None


class NormalizedCase(TypedDict):
    name: str
    file: str
    model: ModelSpec
    inputs: Json                    # {"args": [INPUT], "kwargs": {name: INPUT}} or {"upstream_exportdb": NAME}
    dynamic_shapes: Json | None     # DYNAMIC_SHAPES
    export: ExportSpec
    replay: ReplaySpec
    tolerance: ToleranceOverride
    devices: list[str]
    timeout_s: float
    # The memory budget (MiB) of each worker serving the case; null: the suite's, the run's or
    # the default (harness/run/memory_budget.h). The harness watches it; workers ignore it.
    memory_mb: NotRequired[int | None]
    preload: NotRequired[list[str]]
    requires: NotRequired[list[str]]
    # Cases of an external suite (list_suite) only:
    description: NotRequired[str]
    tags: NotRequired[list[str]]
    suite: NotRequired[str]
    support_level: NotRequired[str]
    expect: NotRequired[list[Json]]


# --- resolved tolerances ---------------------------------------------------------------

class Tolerance(TypedDict):
    """One resolved tolerance: numbers, never null."""

    atol: float
    rtol: float


# dtype name as torch prints it without "torch." ("float32", "bfloat16",
# "complex64", ...) -> its tolerance, the case's override already applied;
# "default" covers every dtype not listed (integers, bool: atol/rtol 0 unless
# the case overrides). Resolved by the harness (harness/worker/tolerance.h,
# the one table); Python floats in outputs use "float32".
Tolerances = dict[str, Tolerance]
DEFAULT_DTYPE = "default"


# --- requests --------------------------------------------------------------------------

class Request(TypedDict):
    """Fields every request may carry."""

    id: NotRequired[int | None]
    op: str
    # Modules imported before serving (they register custom ops); exempt from forbid_modules.
    preload: NotRequired[list[str]]
    # load role: modules that must not be imported while serving (the case's model module).
    forbid_modules: NotRequired[list[str]]


class ExportRequest(Request):
    """export role, op "export"."""

    case: NormalizedCase
    out_dir: str


class ListSuiteRequest(Request):
    """export role, op "list_suite"."""

    suite: str


class ReproRequest(Request):
    """export role, op "repro": a standalone script (torch only) for one stage of one case."""

    case: NormalizedCase
    stage: str                      # export | roundtrip:reload | replay:module:<device> | guards:module:<device>
    mode: str                       # nonstrict | strict
    ir: str
    out_dir: str
    tolerances: Tolerances          # resolved, as in replay; the script compares with them
    sample: NotRequired[int]        # replay: the bundle's sample index; guards: its guard index; absent: the first failing


class GuardsRequest(Request):
    """load role (runtime module | nativert) or cpp worker (runtime cpp), op "guards"."""

    runtime: str
    device: str
    archive: str
    bundle: str
    tolerance: NotRequired[ToleranceOverride]    # the case's, as sent with replay; unused by guards


class ReplayRequest(GuardsRequest):
    """op "replay": the guards fields plus the resolved tolerances, which the
    Python runtimes compare with (exporter/compare.py). The cpp worker resolves
    `tolerance` with the same C++ table in process."""

    tolerances: Tolerances


class SequenceRequest(ReplayRequest):
    """op "sequence" (load role: module | nativert; cpp worker: cpp): the replay fields. One
    runner is called with every bundle sample in order, without reset, against the bundle's
    `sequence` reference (harness/replay/BUNDLE.md)."""


class ResaveRequest(Request):
    """load role, op "resave"."""

    archive: str
    out: str
    bundle: str                     # "" for none


class AotiCompileRequest(Request):
    """load role, op "aoti_compile" (exporter/aoti_compile.py): the archive compiled by
    AOTInductor for `device`, through the compile cache under `cache_dir`."""

    archive: str
    device: str                     # cpu | cuda | cuda:N (the package is per device type)
    cache_dir: str
    options: NotRequired[dict[str, Any]]  # inductor_configs; part of the cache key


# --- replies ---------------------------------------------------------------------------

class Ready(TypedDict):
    ready: Literal[True]
    role: str
    pid: int
    torch: str
    python: NotRequired[str]        # not from the cpp worker
    cuda: bool
    schema: NotRequired[str]        # "8.20": the export schema torch.export.load reads (not from the cpp worker)
    gc_frozen: NotRequired[int]     # objects gc.freeze() moved out of the collector's way at start-up (Python workers)


class ErrorReply(TypedDict):
    """A request that raised (or could not be read: id null); the worker carries on."""

    id: NotRequired[int | None]
    ok: Literal[False]
    error_type: str                 # "ValueError", "ForbiddenImport", "BundleError", ...
    message: str
    traceback: str
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


class Failure(TypedDict):
    """error_fields(exception): merged into failed stages and replies."""

    error_type: str
    message: str
    traceback: str


class SetupResult(TypedDict):
    ok: bool
    seconds: NotRequired[float]
    unsupported: NotRequired[str]   # a `requires` package is missing
    error_type: NotRequired[str]
    message: NotRequired[str]
    traceback: NotRequired[str]


class EagerResult(TypedDict):
    ok: bool
    seconds: NotRequired[float]
    reason: NotRequired[str]        # unavailable device, or "Type: first line"
    sample: NotRequired[int]
    error_type: NotRequired[str]
    message: NotRequired[str]
    traceback: NotRequired[str]


class ProgramResult(TypedDict):
    ir: str
    ok: bool
    seconds: float
    archive: NotRequired[str]
    error_type: NotRequired[str]
    message: NotRequired[str]
    traceback: NotRequired[str]


class ModeResult(TypedDict):
    mode: str                       # nonstrict | strict
    ok: bool
    seconds: float
    programs: NotRequired[list[ProgramResult]]
    bundle: NotRequired[str | None]             # <mode>/replay.pt; null when it could not be written
    bundle_error: NotRequired[Json]             # {"reason", "error_type", "message", "traceback"}
    bundle_seconds: NotRequired[float]
    samples: NotRequired[int]
    guards: NotRequired[int]
    dropped: NotRequired[int]                   # drawn samples left out: eager raised, or a 0/1 size the guards refuse
    dropped_reasons: NotRequired[list[str]]     # the first 3 distinct reasons (the bundle's `dropped` has each)
    error_type: NotRequired[str]
    message: NotRequired[str]
    traceback: NotRequired[str]


class ExportReply(TypedDict):
    ok: Literal[True]
    model_module: str | None
    setup: SetupResult
    eager: dict[str, EagerResult]   # per device; {} after a failed setup
    exports: list[ModeResult]
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


class ListSuiteReply(TypedDict):
    ok: Literal[True]
    suite: str
    torch: str
    cases: list[NormalizedCase]
    names: NotRequired[list[str]]  # every case of the suite, when `cases` is a slice of it (opinfo's cheapest lanes)
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


# ReplayReply.status when a sample has no eager output on the device (eager
# failed there): a device-level gap, not the artifact's failure, so no repro.
NO_EAGER_OUTPUT = "no_eager_output"


class ReproReply(TypedDict):
    ok: Literal[True]
    script: str                     # out_dir/repro.py
    files: list[str]                # written under out_dir: repro.py, inputs.pt, copied model modules
    sample: NotRequired[int]        # replay / guards: the index the script runs
    label: NotRequired[str]         # that sample's label (max:s77, below-min:s17, ...)
    fails_here: NotRequired[bool]   # whether module() failed that sample in the worker
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


class ReplayReply(TypedDict):
    """replay: `passed` false is a failure of the artifact; `unsupported` an absent runtime or device."""

    ok: Literal[True]
    passed: bool
    status: NotRequired[Literal["no_eager_output"]]
    unsupported: NotRequired[str]
    samples: NotRequired[int]
    seconds: NotRequired[float]
    failing_sample: NotRequired[int]
    label: NotRequired[str]
    message: NotRequired[str]
    error_type: NotRequired[str]
    traceback: NotRequired[str]
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


class AotiCompileReply(TypedDict):
    """aoti_compile: `compiled` false with `message` is the compiler's failure (the aoti
    stages' FAIL); with `unsupported`, the device is absent."""

    ok: Literal[True]
    compiled: bool
    package: NotRequired[str]       # <cache_dir>/<key>/package.pt2
    cache: NotRequired[Literal["hit", "miss", "rebuilt"]]
    rebuilt_because: NotRequired[str]  # why a cached entry was not used (damaged, another torch)
    key: NotRequired[str]
    compile_seconds: NotRequired[float]  # the compile that made the package (a hit: the original's)
    seconds: NotRequired[float]
    unsupported: NotRequired[str]
    message: NotRequired[str]
    error_type: NotRequired[str]
    traceback: NotRequired[str]
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


class GuardAccepted(TypedDict):
    label: str
    value: int
    bound: str
    zero_one: bool


class GuardRefused(TypedDict):
    label: str
    message: str


class GuardsReply(TypedDict):
    ok: Literal[True]
    passed: bool
    unsupported: NotRequired[str]
    checked: NotRequired[int]
    accepted: NotRequired[list[GuardAccepted]]
    refused: NotRequired[list[GuardRefused]]
    seconds: NotRequired[float]
    message: NotRequired[str]
    error_type: NotRequired[str]
    traceback: NotRequired[str]
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


class SequenceReply(TypedDict):
    """sequence: like ReplayReply, counting `calls` (the failing one included); `failing_sample`
    is the failing call's sample index (call k+1); a buffer mismatch after the last call has none."""

    ok: Literal[True]
    passed: bool
    status: NotRequired[Literal["no_eager_output"]]
    unsupported: NotRequired[str]
    calls: NotRequired[int]
    # True: the calls were the last replay's (a stateless program, same files; PROTOCOL.md `sequence`).
    calls_from_replay: NotRequired[bool]
    seconds: NotRequired[float]
    failing_sample: NotRequired[int]
    label: NotRequired[str]
    message: NotRequired[str]
    error_type: NotRequired[str]
    traceback: NotRequired[str]
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


class ResaveReply(TypedDict):
    ok: Literal[True]
    passed: bool
    seconds: float
    out: NotRequired[str]
    message: NotRequired[str]
    error_type: NotRequired[str]
    traceback: NotRequired[str]
    global_state: NotRequired[list[str]]  # torch global state the request changed (worker.serve; PROTOCOL.md)


# op -> (request type, reply type), per role.
EXPORT_OPS: dict[str, tuple[type, type]] = {
    "export": (ExportRequest, ExportReply),
    "list_suite": (ListSuiteRequest, ListSuiteReply),
    "repro": (ReproRequest, ReproReply),
}
LOAD_OPS: dict[str, tuple[type, type]] = {
    "replay": (ReplayRequest, ReplayReply),
    "guards": (GuardsRequest, GuardsReply),
    "sequence": (SequenceRequest, SequenceReply),
    "resave": (ResaveRequest, ResaveReply),
}

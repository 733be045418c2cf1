"""ecsguard: pre-deployment security scanning for Amazon ECS infrastructure-as-code.

Reads Terraform/OpenTofu plans and states (``terraform show -json``), CloudFormation templates
(YAML and JSON) and CDK cloud assemblies, builds one resource graph of the ECS estate they
describe, and evaluates declarative policies (docs/policy-language.md) against it. This package
is a thin layer over the C++ library (libecsguard, include/ecsguard/scanner.h)::

    import ecsguard

    result = ecsguard.scan("plan.json")               # the bundled policy pack
    for f in result.failing:
        print(f"{f.file}:{f.line}: {f.policy_id}: {f.address} {f.element}: {f.message}")
    print(result.report("sarif"))

Inputs are paths (``str`` or ``os.PathLike``; a directory is walked) or ``Buffer`` objects
holding a document in memory. Policies are the bundled pack by default; ``load_policies()``
loads and compiles a set once for many scans.

Errors. A problem with an *input* — a missing file, a plan that is not JSON — does not raise:
it is a ``Diagnostic`` in ``result.diagnostics`` or ``result.inputs[i].diagnostics``, and the
other inputs are still scanned, as the command line does (pass ``raise_on_error=True`` to raise
instead). Problems with what the *caller* asked for raise ``EcsguardError`` carrying the stable
``.code`` of docs/errors.md and a ``.location``: a policy that does not load, a param or policy
id that does not exist, an unknown report format. Wrong argument types raise ``TypeError``.

Threads. A ``PolicySet`` is immutable; any number of threads may scan with one set at the same
time, and ``scan()`` releases the GIL while it reads and evaluates, so threads run in parallel.

The bundled pack is found next to the installed library (<prefix>/share/ecsguard/policies), or
where the environment variable ``ECSGUARD_POLICY_DIR`` points.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _ecsguard
from ._types import (
    REPORT_FORMATS,
    Buffer,
    Diagnostic,
    EcsguardError,
    Evidence,
    Finding,
    InputSummary,
    Location,
    PolicyText,
    ScanResult,
    _raise_first_error,
)

__all__ = [
    "BUNDLED",
    "REPORT_FORMATS",
    "Buffer",
    "Diagnostic",
    "EcsguardError",
    "Evidence",
    "Finding",
    "InputSummary",
    "Location",
    "PolicySet",
    "PolicyText",
    "ScanResult",
    "graph",
    "load_policies",
    "scan",
]

#: The version of the ecsguard library this package runs on.
__version__: str = _ecsguard.version()

PathLike = Union[str, "os.PathLike[str]"]
InputSpec = Union[PathLike, Buffer]


class _Bundled:
    def __repr__(self) -> str:
        return "ecsguard.BUNDLED"


#: Stands for the bundled policy pack in a ``policies`` list:
#: ``load_policies([ecsguard.BUNDLED, "my-policies/"])``.
BUNDLED: Any = _Bundled()

PolicySpec = Union[PathLike, PolicyText, _Bundled]


class PolicySet:
    """A loaded, compiled, immutable set of policies, shared by any number of scans and threads.

    Made by ``load_policies()``; pass it as ``scan(..., policies=the_set)``. ``ids`` lists the
    policy ids (sorted), ``len()`` counts them, ``in`` tests an id. ``diagnostics`` holds the
    warnings of the load (errors raise instead).
    """

    def __init__(self, native: Any, diagnostics: List[Diagnostic]):
        self._native = native
        self.ids: List[str] = list(native.ids())
        self.diagnostics: List[Diagnostic] = diagnostics

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, policy_id: object) -> bool:
        return policy_id in self.ids

    def __repr__(self) -> str:
        return f"<ecsguard.PolicySet of {len(self.ids)} policies>"


def _installed_pack() -> Optional[str]:
    # An installed package knows where `cmake --install` put the pack relative to itself. The
    # library searches too, but ECSGUARD_POLICY_DIR, when set, comes first there.
    if os.environ.get("ECSGUARD_POLICY_DIR"):
        return None
    try:
        from ._install import POLICIES_FROM_PACKAGE
    except ImportError:  # the build tree: the library finds the source tree's pack
        return None
    here = os.path.dirname(os.path.abspath(__file__))
    pack = os.path.normpath(os.path.join(here, POLICIES_FROM_PACKAGE))
    return pack if os.path.isdir(pack) else None


def load_policies(policies: Union[None, PolicySpec, Iterable[PolicySpec]] = None,
                  limits: Optional[Mapping[str, int]] = None) -> PolicySet:
    """Loads, validates and compiles policies — every regular expression included — once.

    ``policies`` is ``None`` for the bundled pack, or one or a list of: a directory of policy
    files (``str``/``os.PathLike``), a ``PolicyText``, ``BUNDLED``. A list replaces the bundled
    pack; add ``BUNDLED`` to keep it.

    Loading is strict: the first error — a YAML syntax error, an unknown attribute, a bad
    regular expression, a duplicate id, a directory that does not exist — raises
    ``EcsguardError`` (``.code`` such as ``"policy.unknown_attribute"``, ``.location`` the file,
    line and column in the policy), with every error of the load in ``.diagnostics``.

    ``limits`` overrides limits by name (``{"regex_program_size": 5000}``; docs/security.md);
    an unknown name raises ``ValueError``.
    """
    if isinstance(policies, PolicySet):
        return policies
    if policies is None:
        specs: List[Any] = [BUNDLED]
    elif isinstance(policies, (str, bytes, os.PathLike, PolicyText, _Bundled)):
        specs = [policies]
    else:
        specs = list(policies)
    bundled = False
    directories: List[str] = []
    texts: List[str] = []
    for spec in specs:
        if spec is BUNDLED:
            bundled = True
        elif isinstance(spec, PolicyText):
            texts.append(spec.yaml)
        elif isinstance(spec, (str, bytes, os.PathLike)):
            directories.append(os.fsdecode(spec))
        else:
            raise TypeError(f"policies: expected a directory, a PolicyText or ecsguard.BUNDLED, "
                            f"not {type(spec).__name__}")
    pack = _installed_pack() if bundled else None
    if pack is not None:
        bundled, directories = False, [pack] + directories
    native, raw = _ecsguard.PolicySet.load(bundled, directories, texts, True,
                                           _limits(limits))
    diagnostics = [Diagnostic(**d) for d in raw]
    _raise_first_error(diagnostics)
    return PolicySet(native, diagnostics)


def _inputs(paths_or_buffers: Union[InputSpec, Iterable[InputSpec]]) -> List[Any]:
    if isinstance(paths_or_buffers, (str, bytes, os.PathLike, Buffer)):
        items: List[Any] = [paths_or_buffers]
    else:
        items = list(paths_or_buffers)
    out = []
    for item in items:
        if isinstance(item, Buffer):
            content = item.content.encode("utf-8") if isinstance(item.content, str) else item.content
            out.append(_ecsguard.Input.buffer(item.name, bytes(content), item.format or ""))
        elif isinstance(item, (str, bytes, os.PathLike)):
            out.append(_ecsguard.Input.file(os.fsdecode(item)))
        else:
            raise TypeError(f"inputs: expected a path or an ecsguard.Buffer, "
                            f"not {type(item).__name__}")
    return out


def _yaml(value: Any) -> str:
    # The C++ API takes param values as YAML text. JSON is YAML, and json.dumps quotes strings,
    # so "512" stays a string and 512 a number, as the caller wrote them.
    try:
        return json.dumps(value)
    except (TypeError, ValueError) as e:
        raise TypeError(f"params: {value!r} is not a JSON value: {e}") from None


def scan(paths_or_buffers: Union[InputSpec, Iterable[InputSpec]],
         policies: Union[None, PolicySet, PolicySpec, Iterable[PolicySpec]] = None,
         params: Optional[Mapping[str, Mapping[str, Any]]] = None,
         disabled: Optional[Sequence[str]] = None,
         template_parameters: Optional[Mapping[str, Any]] = None,
         include_passed: bool = True,
         *,
         limits: Optional[Mapping[str, int]] = None,
         changes_only: bool = False,
         suppressions_file: Optional[Union[str, os.PathLike]] = None,
         ignore_suppressions: bool = False,
         baseline_file: Optional[Union[str, os.PathLike]] = None,
         threads: int = 1,
         raise_on_error: bool = False) -> ScanResult:
    """Scans files, directories and in-memory documents with a set of policies.

    - ``paths_or_buffers``: a path (``str``/``os.PathLike``; a directory is walked, a CDK
      ``cdk.out`` works), a ``Buffer``, or a list of them.
    - ``policies``: ``None`` for the bundled pack, a ``PolicySet`` from ``load_policies()``
      (the fast way to run many scans), or anything ``load_policies()`` accepts.
    - ``params``: overrides of policy params, ``{"policy-id": {"param": value}}``; values are
      Python values (``["docker.io/"]``, ``512``, ``True``).
    - ``disabled``: policy ids not evaluated.
    - ``template_parameters``: CloudFormation parameter values, ``{"Name": "value"}``.
    - ``include_passed``: keep pass and skip findings (``False``: fail, unknown and suppressed
      only).
    - ``limits``: limits by name, ``{"depth": 64, "time_ms": 10000}`` (docs/security.md); an
      input over a limit gets an error diagnostic ``limit.NAME``. An unknown name raises
      ``ValueError``.
    - ``changes_only``: plans: only created, updated and replaced resources.
    - ``suppressions_file``: a suppressions file (docs/ci.md); ``ignore_suppressions``: audit
      mode, suppressions in templates and in the file are ignored.
    - ``baseline_file``: findings recorded in this baseline are dropped.
    - ``threads``: threads the scan may use (0: one per CPU): inputs in parallel, or one
      input's evaluation split; the result is the same whatever the number.
    - ``raise_on_error``: raise ``EcsguardError`` for the first input that cannot be read
      instead of returning it as a diagnostic.

    Raises ``EcsguardError`` for a policy that does not load, an unknown policy id in
    ``params`` or ``disabled`` (code ``"scan.bad_param"`` / ``"scan.unknown_policy"``) and a
    param the policy does not declare, before any input is read.
    """
    policy_set = load_policies(policies)
    native_params = {str(pid): {str(k): _yaml(v) for k, v in values.items()}
                     for pid, values in (params or {}).items()}
    disabled_ids = [str(d) for d in (disabled or [])]
    for pid in disabled_ids:
        if pid not in policy_set:
            raise EcsguardError._from("scan.unknown_policy",
                                      f"cannot disable {pid}: no such policy")
    tparams = {str(k): str(v) for k, v in (template_parameters or {}).items()}
    inputs = _inputs(paths_or_buffers)
    if native_params:
        # Check the params on no input first: a typo must not cost a scan of a large tree.
        check = _ecsguard.scan(policy_set._native, [], native_params, [], {}, False)
        _raise_first_error([Diagnostic(**d) for d in check.diagnostics()])
    review = _ecsguard.Review()
    review.changes_only = bool(changes_only)
    review.suppressions_file = os.fsdecode(suppressions_file) if suppressions_file else ""
    review.ignore_suppressions = bool(ignore_suppressions)
    review.baseline_file = os.fsdecode(baseline_file) if baseline_file else ""
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise ValueError(f"threads: expected a whole number, not {threads!r}")
    native = _ecsguard.scan(policy_set._native, inputs, native_params, disabled_ids, tparams,
                            include_passed, _limits(limits), review, threads)
    result = ScanResult._from_native(native)
    if raise_on_error:
        _raise_first_error(result.errors)
    return result


def _limits(limits: Optional[Mapping[str, int]]) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for name, value in (limits or {}).items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"limit {name}: expected a whole number, not {value!r}")
        out[str(name)] = value
    return out


def graph(path_or_buffer: InputSpec) -> Dict[str, Any]:
    """The resource graph of one input, as ``ecsguard graph --format json`` prints it
    (docs/graph.md): ``{"nodes": [...], "edges": [...], ...}``.

    Raises ``EcsguardError`` when the input cannot be read (its first error diagnostic).
    """
    if not isinstance(path_or_buffer, (str, bytes, os.PathLike, Buffer)):
        raise TypeError(f"graph: expected a path or an ecsguard.Buffer, "
                        f"not {type(path_or_buffer).__name__}")
    (native_input,) = _inputs(path_or_buffer)
    text, raw = _ecsguard.graph_json(native_input)
    diagnostics = [Diagnostic(**d) for d in raw]
    if not text:
        _raise_first_error(diagnostics)
        name = path_or_buffer.name if isinstance(path_or_buffer, Buffer) else \
            os.fsdecode(path_or_buffer)
        raise EcsguardError(Diagnostic("input.unreadable", "error",
                                       "cannot read input", file=name))
    return json.loads(text)

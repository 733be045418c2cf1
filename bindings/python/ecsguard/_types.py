"""The value types of the ecsguard package: inputs, results, diagnostics and the one exception.

Every result type is a plain dataclass: compare them with ``==``, print them, pickle them, turn
them into dicts with ``dataclasses.asdict``. They mirror the structs of the C++ API
(``include/ecsguard/scanner.h``) field for field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Union

__all__ = [
    "Buffer",
    "Diagnostic",
    "EcsguardError",
    "Evidence",
    "Finding",
    "InputSummary",
    "Location",
    "PolicyText",
    "REPORT_FORMATS",
    "ScanResult",
]

#: The report formats ``ScanResult.report`` renders (docs/report-format.md, docs/ci.md).
REPORT_FORMATS = ("text", "json", "sarif", "junit", "markdown", "github", "rdjsonl")


# ---- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Buffer:
    """A document in memory, scanned as if it were a file called ``name``.

    ``content`` is the document (``str`` is encoded as UTF-8). ``format`` is a hint: ``None`` to
    detect it from the content, ``"terraform"`` (a plan or state in JSON) or
    ``"cloudformation"`` (a template in JSON or YAML). ``name`` appears as ``file`` in findings
    and diagnostics.
    """

    name: str
    content: Union[str, bytes]
    format: Optional[str] = None


@dataclass(frozen=True)
class PolicyText:
    """A policy given as YAML text rather than as a file (docs/policy-language.md).

    Diagnostics about it name the file ``<text N>``, N counting the texts of one load from 1.
    """

    yaml: str


# ---- diagnostics -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where something is: a file (or input name), 1-based line and column (0 when unknown),
    and a JSON pointer into the document when known."""

    file: str = ""
    line: int = 0
    column: int = 0
    pointer: str = ""

    def __str__(self) -> str:
        out = self.file
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out


@dataclass(frozen=True)
class Diagnostic:
    """A problem with an input, a policy or an option.

    ``code`` is stable and documented in docs/errors.md (``"tf.plan.bad_json"``,
    ``"policy.unknown_attribute"``, ...); ``severity`` is ``"error"``, ``"warning"`` or
    ``"note"``; the message may change between versions, the code does not.
    """

    code: str
    severity: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    pointer: str = ""

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.pointer)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        """``file:line:column: severity: message [code]``, as the command line prints it."""
        where = str(self.location)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity}: {self.message} [{self.code}]"


class EcsguardError(Exception):
    """The one exception ecsguard raises for a problem it can name.

    Raised for a policy that does not load, a param or policy id that does not exist, an
    unknown report format, an input ``graph()`` cannot read, and — only with
    ``scan(..., raise_on_error=True)`` — an input ``scan()`` cannot read. Attributes:

    - ``code``: the stable diagnostic code (docs/errors.md), e.g. ``"policy.unknown_attribute"``;
    - ``message``: the message without location or code;
    - ``location``: a ``Location`` (empty fields when the problem has no place);
    - ``diagnostic``: the ``Diagnostic`` raised; ``diagnostics``: every error of the operation,
      the raised one first.

    ``str(error)`` is ``file:line:column: message [code]``.
    """

    def __init__(self, diagnostic: Diagnostic, diagnostics: Optional[List[Diagnostic]] = None):
        self.diagnostic = diagnostic
        self.diagnostics = list(diagnostics) if diagnostics else [diagnostic]
        self.code = diagnostic.code
        self.message = diagnostic.message
        self.location = diagnostic.location
        where = str(self.location)
        super().__init__(f"{where}: {self.message} [{self.code}]" if where else
                         f"{self.message} [{self.code}]")

    @classmethod
    def _from(cls, code: str, message: str) -> "EcsguardError":
        return cls(Diagnostic(code=code, severity="error", message=message))


def _raise_first_error(diagnostics: List[Diagnostic]) -> None:
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise EcsguardError(errors[0], errors)


# ---- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One attribute a policy looked at: its dotted path, the value observed (``"<sensitive>"``
    for sensitive values) and where the value is written."""

    path: str
    observed: str
    line: int = 0
    column: int = 0
    pointer: str = ""


@dataclass(frozen=True)
class Finding:
    """The result of one policy on one resource, or on one container of a task definition.

    ``status`` is ``"pass"``, ``"fail"``, ``"unknown"``, ``"skip"`` or ``"suppressed"``;
    ``severity`` is ``"info"``, ``"low"``, ``"medium"``, ``"high"`` or ``"critical"``.
    ``address`` is the Terraform address or CloudFormation logical ID; ``kind`` the graph node
    kind (``"task_definition"``, ``"service"``, ...); ``element`` names the part of the resource
    (``"containers[web]"``) or is empty. ``controls`` maps a catalogue (``"control_tower"``,
    ``"checkov"``, ...) to control ids. ``reason`` says why an ``unknown`` result is undecided.
    ``file``/``line``/``column``/``pointer`` is the most precise location known: the evidence,
    else the resource.
    """

    policy_id: str
    title: str
    severity: str
    status: str
    controls: Dict[str, List[str]] = field(default_factory=dict)
    address: str = ""
    kind: str = ""
    source_type: str = ""
    element: str = ""
    construct_path: str = ""
    message: str = ""
    reason: str = ""
    file: str = ""
    line: int = 0
    column: int = 0
    pointer: str = ""
    evidence: List[Evidence] = field(default_factory=list)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.pointer)

    @classmethod
    def _from_dict(cls, d: Dict[str, Any]) -> "Finding":
        d = dict(d)
        d["evidence"] = [Evidence(**e) for e in d["evidence"]]
        return cls(**d)


@dataclass(frozen=True)
class InputSummary:
    """What was read from one input: its format (``"terraform-plan"``,
    ``"cloudformation-yaml"``, ...), how many resources and graph nodes it gave, and the
    problems found reading it. An input with an error diagnostic was not evaluated."""

    file: str
    format: str = ""
    resources: int = 0
    nodes: int = 0
    diagnostics: List[Diagnostic] = field(default_factory=list)

    @classmethod
    def _from_dict(cls, d: Dict[str, Any]) -> "InputSummary":
        d = dict(d)
        d["diagnostics"] = [Diagnostic(**x) for x in d["diagnostics"]]
        return cls(**d)


@dataclass(frozen=True)
class ScanResult:
    """What ``scan()`` found.

    - ``inputs``: one ``InputSummary`` per input read (a directory gives one per file in it);
    - ``findings``: sorted by file, address, element and policy id;
    - ``diagnostics``: problems not tied to one input that was read — a path that does not
      exist, for example.

    The result keeps what the report writers need, so ``report()`` works for as long as the
    object lives.
    """

    inputs: List[InputSummary]
    findings: List[Finding]
    diagnostics: List[Diagnostic]

    # The native result is an attribute, not a field, so that dataclasses.asdict(), ==, repr and
    # pickle see only the values; an unpickled or hand-made ScanResult cannot render reports.
    def __getstate__(self) -> Dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_native", None)
        return state

    @property
    def failing(self) -> List[Finding]:
        """The findings with status ``"fail"``."""
        return [f for f in self.findings if f.status == "fail"]

    @property
    def errors(self) -> List[Diagnostic]:
        """Every error diagnostic: those of the result, then those of each input."""
        out = [d for d in self.diagnostics if d.is_error]
        for summary in self.inputs:
            out.extend(d for d in summary.diagnostics if d.is_error)
        return out

    @property
    def has_errors(self) -> bool:
        """Whether any input could not be read (the command line exits with status 2)."""
        return bool(self.errors)

    def count(self, status: str) -> int:
        """The number of findings with this status (``"fail"``, ``"pass"``, ...)."""
        return sum(1 for f in self.findings if f.status == status)

    def report(self, format: str = "text", *, include_passed: bool = False, color: bool = False,
               source_root: str = "") -> str:
        """Renders the result as ``ecsguard scan --format FORMAT`` would print it.

        ``format`` is one of ``REPORT_FORMATS``; anything else raises ``EcsguardError`` with
        code ``"report.unknown_format"``. ``include_passed`` adds pass and skip results (the
        formats that list them); ``color`` adds ANSI colours to ``"text"``; ``source_root``
        makes SARIF artifact URIs relative to it.
        """
        native = self.__dict__.get("_native")
        if native is None:
            raise EcsguardError._from("report.no_result",
                                      "this ScanResult was not returned by scan() in this process")
        out = native.report(format, include_passed, color, source_root)
        if out is None:
            raise EcsguardError._from(
                "report.unknown_format",
                f"unknown report format '{format}'; expected one of: "
                + ", ".join(REPORT_FORMATS))
        return out

    @classmethod
    def _from_native(cls, native: Any) -> "ScanResult":
        result = cls(
            inputs=[InputSummary._from_dict(d) for d in native.inputs()],
            findings=[Finding._from_dict(d) for d in native.findings()],
            diagnostics=[Diagnostic(**d) for d in native.diagnostics()],
        )
        object.__setattr__(result, "_native", native)
        return result


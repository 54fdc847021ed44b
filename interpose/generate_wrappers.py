#!/usr/bin/env python3
"""Generates the PMPI wrappers of libmpisight.so from the preprocessed MPI headers (`cc -E` of `#include <mpi.h>`).

Reads every top-level declaration that came from mpi.h, mpi_proto.h or mpio.h, wraps each MPI_*/MPIX_* function
and writes, into --out-dir: function_ids.hpp (enum class Fn), function_table.cpp (name, family, region role per
function), wrappers.cpp (one extern "C" wrapper per function) and function_list.txt (one name per line).
Functions keep the order of their first declaration in the headers ("header order"); Fn values follow that order.
Anything in those headers this parser does not understand stops the build with the offending declaration named.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

WRAPPED_HEADERS = ("mpi.h", "mpi_proto.h", "mpio.h")
WRAPPED_NAME = re.compile(r"MPIX?_\w+")
TWIN_NAME = re.compile(r"PMPIX?_\w+")
DEFAULT_MIN_FUNCTIONS = 500
# A twin missing from the MPI library is tolerated (made weak) only a few times: more means the wrong library.
MAX_MISSING_TWINS = 20


class GeneratorError(Exception):
    """A declaration or input the generator cannot turn into correct wrappers; the build must stop."""


# ---------------------------------------------------------------------------------------------------------------
# Classification: a readable rule table, first match wins.
# Patterns are matched in full against the base name: the function name without MPI_/MPIX_, without the large-count
# suffix `_c`, lower-cased. `i?` covers the nonblocking form and `(_init)?` the persistent one.
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    pattern: str
    family: str  # enumerator of mpisight::Family
    role: str  # enumerator of mpisight::RegionRole

    def matches(self, base: str) -> bool:
        return re.fullmatch(self.pattern, base) is not None


RULES = (
    # MPI_T first: T_init_thread is the tools interface, not MPI_Init_thread.
    Rule(r"t_.*", "kTools", "kFunction"),
    Rule(r"i?(send|bsend|ssend|rsend|recv|sendrecv|sendrecv_replace)(_init)?", "kP2p", "kPoint2Point"),
    Rule(r"i?m?probe|i?mrecv", "kP2p", "kPoint2Point"),
    Rule(r"p(send|recv)_init|pready(_list|_range)?|parrived", "kP2p", "kPoint2Point"),  # partitioned
    Rule(r"buffer_(attach|detach)", "kP2p", "kFunction"),
    Rule(r"i?barrier(_init)?", "kCollective", "kBarrier"),
    Rule(r"i?(bcast|scatterv?)(_init)?", "kCollective", "kCollOne2All"),
    Rule(r"i?(gatherv?|reduce)(_init)?", "kCollective", "kCollAll2One"),
    Rule(r"i?(neighbor_)?(allgatherv?|alltoall[vw]?)(_init)?", "kCollective", "kCollAll2All"),
    Rule(r"i?(allreduce|reduce_scatter(_block)?)(_init)?", "kCollective", "kCollAll2All"),
    Rule(r"i?(ex)?scan(_init)?", "kCollective", "kCollOther"),
    Rule(r"(wait|test|start)(all|any|some)?|test_cancelled|cancel|request_.*|grequest_.*", "kRequest", "kFunction"),
    Rule(r"win_.*", "kRma", "kRma"),
    Rule(r"r?(put|get|accumulate|get_accumulate)|fetch_and_op|compare_and_swap", "kRma", "kRma"),
    Rule(r"file_i?(read|write)(_at)?(_all|_shared|_ordered)?(_begin|_end)?", "kIo", "kFileIo"),
    Rule(r"file_.*|register_datarep", "kIo", "kFileIoMetadata"),
    Rule(r"(comm|group|intercomm|cart|graph|dist_graph)_.*|topo_test|cartdim_get|graphdims_get|dims_create",
         "kComm", "kFunction"),
    Rule(r"attr_(get|put|delete)|keyval_(create|free)", "kComm", "kFunction"),  # MPI-1 communicator attributes
    Rule(r"type_.*|(un)?pack(_external)?(_size)?|get_(count|elements(_x)?)|get_address|address", "kDatatype",
         "kFunction"),
    Rule(r"op_.*|reduce_local", "kDatatype", "kFunction"),  # reduction operators live with the datatypes
    Rule(r"init(_thread)?|initialized|finalized?|abort|session_.*", "kEnvironment", "kFunction"),
    Rule(r"get_(version|library_version|processor_name)|query_thread|is_thread_main|wtime|wtick|pcontrol",
         "kEnvironment", "kFunction"),
    Rule(r"query_(cuda|ze|hip)_support|gpu_query_support", "kEnvironment", "kFunction"),
    # Memory for RMA and buffers: Score-P gives these the allocation roles.
    Rule(r"alloc_mem", "kOther", "kAllocate"),
    Rule(r"free_mem", "kOther", "kDeallocate"),
)
DEFAULT_CLASS = ("kOther", "kFunction")


def base_name(name: str) -> str:
    base = re.sub(r"^MPIX?_", "", name)
    base = re.sub(r"_c$", "", base)  # large-count variant: same call
    return base.lower()


def classify(name: str) -> tuple[str, str]:
    """(Family enumerator, RegionRole enumerator) of an MPI function name."""
    base = base_name(name)
    for rule in RULES:
        if rule.matches(base):
            return rule.family, rule.role
    return DEFAULT_CLASS


def check_rules_used(names: list[str]) -> None:
    """A rule that matches nothing is a typo or a renamed call: fail rather than misfile functions silently."""
    bases = [base_name(n) for n in names]
    unused = [r.pattern for r in RULES if not any(r.matches(b) for b in bases)]
    if unused:
        raise GeneratorError(f"classification rules match no MPI function: {unused}")


# ---------------------------------------------------------------------------------------------------------------
# Reading the preprocessed text: split into top-level declarations, tokenize, parse C declarators.
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    header: str  # the file the preprocessor says it came from
    line: int
    text: str


LINE_MARKER = re.compile(r'#\s*(?:line\s+)?(\d+)\s+"((?:[^"\\]|\\.)*)"')


def split_declarations(preprocessed: str) -> list[Declaration]:
    """Top-level declarations with their origin, split at `;` (and after function bodies) outside brackets."""
    decls: list[Declaration] = []
    header, line = "<unknown>", 1
    buf: list[str] = []
    start: tuple[str, int] | None = None
    depth = 0
    body_open = False  # the current `{` at depth 0 opened a function body, which ends without `;`

    def flush() -> None:
        nonlocal buf, start
        text = "".join(buf).strip()
        if text and start is not None:
            decls.append(Declaration(start[0], start[1], text))
        buf, start = [], None

    for raw in preprocessed.splitlines():
        stripped = raw.lstrip()
        if stripped.startswith("#"):
            marker = LINE_MARKER.match(stripped)
            if marker:
                line, header = int(marker.group(1)), marker.group(2)
            continue  # pragmas and other directives are not declarations
        i = 0
        while i < len(raw):
            c = raw[i]
            if c in "\"'":  # literals may hold brackets or `;`
                end = i + 1
                while end < len(raw) and raw[end] != c:
                    end += 2 if raw[end] == "\\" else 1
                if start is None:
                    start = (header, line)
                buf.append(raw[i:end + 1])
                i = end + 1
                continue
            if start is None and not c.isspace():
                start = (header, line)
            buf.append(c)
            if c in "([{":
                if c == "{" and depth == 0:
                    body_open = "".join(buf[:-1]).rstrip().endswith(")")
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth < 0:
                    raise GeneratorError(f"{header}:{line}: unbalanced '{c}'")
                if c == "}" and depth == 0 and body_open:
                    body_open = False
                    flush()
            elif c == ";" and depth == 0:
                buf.pop()
                flush()
            i += 1
        buf.append("\n")
        line += 1
    if "".join(buf).strip():
        raise GeneratorError(f"{header}:{line}: input ends inside a declaration: {''.join(buf).strip()[:200]}")
    return decls


TOKEN = re.compile(r"\s*(?:(\.\.\.)|([A-Za-z_]\w*)|(\d\w*)|(\"(?:[^\"\\]|\\.)*\")|('(?:[^'\\]|\\.)*')|([^\s\w]))")


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = TOKEN.match(text, pos)
        if not match:
            raise GeneratorError(f"cannot tokenize near {text[pos:pos + 40]!r}")
        tokens.append(match.group(match.lastindex))
        pos = match.end()
    return tokens


# Tokens that annotate a declaration without changing its type: dropped before parsing.
ANNOTATIONS = {"__attribute__", "__attribute", "__asm__", "__asm", "asm", "__declspec"}
DROPPED_WORDS = {"__extension__", "extern", "__inline", "__inline__", "inline", "static"}
QUALIFIERS = {"const", "volatile", "restrict", "__restrict", "__restrict__"}
BUILTIN_TYPES = {"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
                 "__int128", "_Complex"}
TAG_KEYWORDS = {"struct", "union", "enum"}


def skip_group(tokens: list[str], i: int) -> int:
    """Index just past the bracketed group that starts at tokens[i]."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    if i >= len(tokens) or tokens[i] not in pairs:
        raise GeneratorError(f"expected a bracket, found {tokens[i] if i < len(tokens) else 'end of declaration'!r}")
    stack = [pairs[tokens[i]]]
    i += 1
    while stack:
        if i >= len(tokens):
            raise GeneratorError("unbalanced brackets")
        if tokens[i] in pairs:
            stack.append(pairs[tokens[i]])
        elif tokens[i] in ")]}":
            if tokens[i] != stack.pop():
                raise GeneratorError("mismatched brackets")
        i += 1
    return i


def strip_annotations(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in ANNOTATIONS:
            i = skip_group(tokens, i + 1)
        elif tokens[i] in DROPPED_WORDS:
            i += 1
        else:
            out.append(tokens[i] if tokens[i] != "restrict" else "__restrict")  # C++ has no `restrict`
            i += 1
    return out


def is_word(tok: str) -> bool:
    return re.fullmatch(r"\w+", tok) is not None


def needs_space(prev: str, tok: str) -> bool:
    if prev in ("(", "[", "*") or tok in (")", "]", ",", "["):
        return False
    if tok == "(":
        return is_word(prev)  # `int (*fn)(int)`
    return True


def render(tokens: list[str]) -> str:
    """Tokens back to readable C: `const void *buf`, `int ranges[][3]`, `char ***argv`, `int (*fn)(int)`."""
    out = tokens[0] if tokens else ""
    for prev, tok in zip(tokens, tokens[1:]):
        out += (" " if needs_space(prev, tok) else "") + tok
    return out


@dataclass
class Declarator:
    name: str | None = None
    name_index: int = 0  # where the name is, or would be inserted when it is missing
    is_function: bool = False  # the name itself is declared as a function (not a pointer to one)
    params: list[list[str]] | None = None  # raw parameter token lists of that function


class DeclParser:
    """Recursive-descent parser for the C declarations found in MPI headers (no K&R, no bit-fields)."""

    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.i = 0

    def peek(self, ahead: int = 0) -> str | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def expect(self, tok: str) -> None:
        if self.peek() != tok:
            raise GeneratorError(f"expected {tok!r}, found {self.peek() or 'end of declaration'!r}")
        self.i += 1

    def specifiers(self) -> None:
        """Declaration specifiers; the first identifier before any type is a typedef name, the next is a declarator."""
        have_type = False
        while True:
            tok = self.peek()
            if tok in QUALIFIERS:
                self.i += 1
            elif tok in BUILTIN_TYPES:
                have_type = True
                self.i += 1
            elif tok in TAG_KEYWORDS:
                self.i += 1
                if self.peek() is not None and re.fullmatch(r"[A-Za-z_]\w*", self.peek()):
                    self.i += 1
                if self.peek() == "{":
                    self.i = skip_group(self.tokens, self.i)
                have_type = True
            elif tok is not None and re.fullmatch(r"[A-Za-z_]\w*", tok) and not have_type:
                have_type = True
                self.i += 1
            else:
                break
        if not have_type:
            raise GeneratorError(f"no type before {self.peek() or 'end of declaration'!r}")

    def declarator(self, allow_abstract: bool) -> Declarator:
        d = Declarator()
        while self.peek() == "*":
            self.i += 1
            while self.peek() in QUALIFIERS:
                self.i += 1
        tok = self.peek()
        inner: Declarator | None = None
        if tok == "(" and self.peek(1) == "*":
            self.i += 1
            inner = self.declarator(allow_abstract)
            self.expect(")")
        elif tok is not None and re.fullmatch(r"[A-Za-z_]\w*", tok) and tok not in QUALIFIERS | BUILTIN_TYPES:
            d.name, d.name_index = tok, self.i
            self.i += 1
        elif allow_abstract:
            d.name_index = self.i
        else:
            raise GeneratorError(f"expected a declarator name, found {tok or 'end of declaration'!r}")
        first_suffix = True
        while self.peek() in ("[", "("):
            if self.peek() == "[":
                self.i = skip_group(self.tokens, self.i)
            else:
                open_at = self.i
                self.i = skip_group(self.tokens, self.i)
                if first_suffix and inner is None:  # `name(...)`: a function, whatever its return type
                    d.is_function = True
                    d.params = split_top_level(self.tokens[open_at + 1:self.i - 1], ",")
            first_suffix = False
        if inner is not None:  # `(*name)(...)`: a pointer, whatever follows
            return Declarator(inner.name, inner.name_index)
        return d

    def at_end(self) -> bool:
        return self.i == len(self.tokens)


def split_top_level(tokens: list[str], sep: str) -> list[list[str]]:
    if not tokens:
        return []
    parts: list[list[str]] = [[]]
    depth = 0
    for tok in tokens:
        if tok in "([{" and len(tok) == 1:
            depth += 1
        elif tok in ")]}" and len(tok) == 1:
            depth -= 1
        if tok == sep and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


@dataclass(frozen=True)
class Param:
    decl: str  # the parameter as written in the wrapper, named
    name: str
    type_key: str  # the parameter's type without its name, for comparing an MPI_ prototype with its PMPI_ twin


@dataclass
class Prototype:
    name: str
    return_type: str
    params: list[Param]
    variadic: bool
    header: str
    line: int
    text: str = field(repr=False, default="")

    def signature_key(self) -> tuple:
        return (self.return_type, tuple(p.type_key for p in self.params), self.variadic)


def parse_param(tokens: list[str], index: int) -> Param:
    parser = DeclParser(tokens)
    parser.specifiers()
    d = parser.declarator(allow_abstract=True)
    if not parser.at_end():
        raise GeneratorError(f"unexpected {parser.peek()!r} in parameter {render(tokens)!r}")
    if d.is_function:
        raise GeneratorError(f"function-typed parameter {render(tokens)!r} (expected a pointer to function)")
    name = d.name or f"arg{index}"  # unnamed parameters still have to be forwarded
    named = tokens if d.name else tokens[:d.name_index] + [name] + tokens[d.name_index:]
    unnamed = tokens[:d.name_index] + tokens[d.name_index + 1:] if d.name else tokens
    return Param(render(named), name, render(unnamed))


def parse_params(raw_params: list[list[str]]) -> tuple[list[Param], bool]:
    if not raw_params:
        raise GeneratorError("empty parameter list `()` (C means unspecified parameters; MPI headers use `(void)`)")
    if raw_params == [["void"]]:
        return [], False
    variadic = False
    params: list[Param] = []
    for index, tokens in enumerate(raw_params):
        if tokens == ["..."]:
            if index != len(raw_params) - 1 or index == 0:
                raise GeneratorError("`...` must follow at least one parameter and come last")
            variadic = True
            continue
        if not tokens:
            raise GeneratorError("empty parameter")
        params.append(parse_param(tokens, index))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise GeneratorError(f"duplicate parameter names {names}")
    return params, variadic


def parse_declaration(decl: Declaration) -> list[Prototype]:
    """The function prototypes a top-level declaration declares; [] for typedefs, variables and type definitions."""
    tokens = strip_annotations(tokenize(decl.text))
    if not tokens or tokens[0] == "typedef":
        return []
    parser = DeclParser(tokens)
    parser.specifiers()
    return_tokens_end = parser.i
    prototypes: list[Prototype] = []
    if parser.at_end():
        return []  # `struct s {...};` or `enum e {...};`
    while True:
        pointer_start = parser.i
        d = parser.declarator(allow_abstract=False)
        if d.is_function:
            if parser.peek() == "{":
                raise GeneratorError(f"{d.name} is defined in the header, so it cannot be wrapped")
            return_type = render(tokens[:return_tokens_end] + tokens[pointer_start:d.name_index])
            params, variadic = parse_params(d.params or [])
            prototypes.append(Prototype(d.name or "", return_type, params, variadic, decl.header, decl.line,
                                        decl.text))
        if parser.at_end():
            break
        if parser.peek() == "{":
            raise GeneratorError("function body in a header")
        parser.expect(",")
    return prototypes


def from_wrapped_header(decl: Declaration) -> bool:
    return Path(decl.header).name in WRAPPED_HEADERS


def mentions_mpi_function(decl: Declaration) -> bool:
    return re.search(r"\bP?MPIX?_\w+\s*\(", decl.text) is not None


@dataclass
class Api:
    functions: list[Prototype]  # MPI_/MPIX_ functions, header order
    twins: dict[str, Prototype]  # PMPI_/PMPIX_ by name


def collect(preprocessed: str) -> Api:
    functions: dict[str, Prototype] = {}
    twins: dict[str, Prototype] = {}
    for decl in split_declarations(preprocessed):
        if not from_wrapped_header(decl):
            continue
        try:
            prototypes = parse_declaration(decl)
        except GeneratorError as err:  # whatever is in the MPI headers must be understood, MPI function or not
            what = "an MPI function" if mentions_mpi_function(decl) else "a declaration"
            raise GeneratorError(f"{decl.header}:{decl.line}: cannot parse {what} ({err}): "
                                 f"{' '.join(decl.text.split())}") from None
        for proto in prototypes:
            if WRAPPED_NAME.fullmatch(proto.name):
                table = functions
            elif TWIN_NAME.fullmatch(proto.name):
                table = twins
            else:
                continue
            previous = table.get(proto.name)
            if previous is not None and previous.signature_key() != proto.signature_key():
                raise GeneratorError(f"{decl.header}:{decl.line}: {proto.name} is declared twice with different "
                                     f"types (first at {previous.header}:{previous.line})")
            table.setdefault(proto.name, proto)
    for fn in functions.values():
        twin = twins.get("P" + fn.name)
        if twin is None:
            raise GeneratorError(f"{fn.header}:{fn.line}: {fn.name} has no P{fn.name} declared to forward to")
        if twin.signature_key() != fn.signature_key():
            raise GeneratorError(f"{fn.header}:{fn.line}: {fn.name} and P{fn.name} have different types: "
                                 f"{fn.signature_key()} vs {twin.signature_key()}")
    return Api(list(functions.values()), twins)


# ---------------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------------

GENERATED_NOTE = "// Generated by interpose/generate_wrappers.py from the installed MPI headers. Do not edit.\n"


def emit_function_ids(functions: list[Prototype]) -> str:
    enumerators = "".join(f"  {fn.name},\n" for fn in functions)
    return (f"{GENERATED_NOTE}// One enumerator per wrapped MPI function, in header order; kCount ends the list.\n"
            "#pragma once\n\n#include <cstddef>\n#include <cstdint>\n\nnamespace mpisight {\n\n"
            "// The enumerators are MPI's own names, whatever our naming rules say.\n"
            "// NOLINTBEGIN(readability-identifier-naming)\n"
            f"enum class Fn : std::uint16_t {{\n{enumerators}  kCount,\n}};\n"
            "// NOLINTEND(readability-identifier-naming)\n\n"
            "inline constexpr std::size_t kFunctionCount = static_cast<std::size_t>(Fn::kCount);\n\n"
            "}  // namespace mpisight\n")


def emit_function_table(functions: list[Prototype]) -> str:
    rows = []
    for fn in functions:
        family, role = classify(fn.name)
        rows.append(f'    {{"{fn.name}", Family::{family}, RegionRole::{role}}},\n')
    return (f"{GENERATED_NOTE}// Name, family and region role of every wrapped MPI function, indexed by Fn.\n"
            '#include <array>\n\n#include "core/function_info.hpp"\n#include "function_ids.hpp"\n\n'
            "namespace mpisight {\n\nnamespace {\n"
            f"constexpr std::array<FunctionInfo, kFunctionCount> kFunctions{{{{\n{''.join(rows)}}}}};\n"
            "}  // namespace\n\n"
            "std::span<const FunctionInfo> function_table() noexcept { return kFunctions; }\n\n"
            "}  // namespace mpisight\n")


def emit_wrapper(fn: Prototype, weak_twin: bool) -> str:
    params = ", ".join(p.decl for p in fn.params)
    if fn.variadic:
        params += ", ..."  # only the fixed arguments are forwarded; MPI_Pcontrol ignores the rest
    if not params:
        params = "void"
    args = "".join(f", {p.name}" for p in fn.params)
    guard = ""
    if weak_twin:
        if fn.return_type != "int":
            raise GeneratorError(f"P{fn.name} is missing from the MPI library and {fn.name} returns "
                                 f"{fn.return_type}, so no error code can report it")
        guard = (f"  if (&P{fn.name} == nullptr) {{  // not in the MPI library this was linked against\n"
                 "    return MPI_ERR_UNSUPPORTED_OPERATION;\n  }\n")
    return (f'extern "C" __attribute__((visibility("default"))) {fn.return_type} {fn.name}({params}) {{\n'
            f"{guard}"
            f"  return mpisight::interpose::wrap<mpisight::Fn::{fn.name}>(__builtin_return_address(0), "
            f"&P{fn.name}{args});\n}}\n")


def emit_wrappers(functions: list[Prototype], weak_twins: set[str]) -> str:
    weak = "".join(f"#pragma weak P{name}\n" for name in sorted(weak_twins))
    if weak:
        weak = ("\n// PMPI functions declared in the headers but absent from the MPI library linked here (MPICH has\n"
                "// some in its Fortran library): weak, so they bind if the program loads them, else they are null.\n"
                + weak)
    body = "\n".join(emit_wrapper(fn, fn.name in weak_twins) for fn in functions)
    return (f"{GENERATED_NOTE}// The PMPI wrappers: every MPI function enters mpisight::interpose::wrap<Fn>.\n"
            '#include <mpi.h>\n\n#include "wrap.hpp"\n'
            f"{weak}\n{body}")


def library_symbols(libraries: list[str], nm: str) -> set[str]:
    symbols: set[str] = set()
    for lib in libraries:
        try:
            out = subprocess.run([nm, "-D", "--defined-only", lib], check=True, capture_output=True, text=True).stdout
        except (OSError, subprocess.CalledProcessError) as err:
            raise GeneratorError(f"cannot list the symbols of {lib} with {nm}: {err}") from None
        symbols.update(line.split()[-1] for line in out.splitlines() if line.strip())
    return symbols


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    else:
        path.touch()  # the build compares timestamps against the inputs


def generate(preprocessed: str, out_dir: Path, min_functions: int, defined: set[str] | None,
             check_rules: bool = True) -> Api:
    """Writes the generated files; `defined` is the MPI library's symbols (None: assume every PMPI twin exists)."""
    api = collect(preprocessed)
    if len(api.functions) < min_functions:
        raise GeneratorError(f"found only {len(api.functions)} MPI functions in {', '.join(WRAPPED_HEADERS)} "
                             f"(expected at least {min_functions}); is the preprocessed input complete?")
    if check_rules:
        check_rules_used([fn.name for fn in api.functions])
    if len(api.functions) > 0xFFFF:
        raise GeneratorError("too many functions for std::uint16_t Fn")
    weak_twins: set[str] = set()
    if defined is not None:
        weak_twins = {fn.name for fn in api.functions if "P" + fn.name not in defined}
        if len(weak_twins) > MAX_MISSING_TWINS:
            raise GeneratorError(f"{len(weak_twins)} PMPI functions are missing from the MPI library "
                                 f"(e.g. {sorted(weak_twins)[:5]}); is it the library the headers belong to?")
    out_dir.mkdir(parents=True, exist_ok=True)
    write_if_changed(out_dir / "function_ids.hpp", emit_function_ids(api.functions))
    write_if_changed(out_dir / "function_table.cpp", emit_function_table(api.functions))
    write_if_changed(out_dir / "wrappers.cpp", emit_wrappers(api.functions, weak_twins))
    write_if_changed(out_dir / "function_list.txt", "".join(f"{fn.name}\n" for fn in api.functions))
    per_header: dict[str, int] = {}
    for fn in api.functions:
        per_header[Path(fn.header).name] = per_header.get(Path(fn.header).name, 0) + 1
    counts = ", ".join(f"{h}: {n}" for h, n in sorted(per_header.items()))
    weak_note = f"; weak PMPI twins: {', '.join('P' + n for n in sorted(weak_twins))}" if weak_twins else ""
    print(f"generate_wrappers: {len(api.functions)} MPI functions wrapped ({counts}){weak_note}")
    return api


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preprocessed", required=True, type=Path, help="output of `cc -E` on `#include <mpi.h>`")
    parser.add_argument("--out-dir", required=True, type=Path)
    parser.add_argument("--mpi-library", action="append", default=[],
                        help="MPI library whose PMPI symbols are checked; repeatable (missing twins become weak)")
    parser.add_argument("--nm", default="nm")
    parser.add_argument("--min-functions", type=int, default=DEFAULT_MIN_FUNCTIONS)
    args = parser.parse_args(argv)
    try:
        text = args.preprocessed.read_text()
        defined = library_symbols(args.mpi_library, args.nm) if args.mpi_library else None
        generate(text, args.out_dir, args.min_functions, defined)
    except (GeneratorError, OSError) as err:
        print(f"generate_wrappers: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

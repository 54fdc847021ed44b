#!/usr/bin/env python3
"""Checks that libmpisight.so exports a wrapper for every MPI function the MPI headers declare.

The header list is built here by plain line matching, independently of interpose/generate_wrappers.py, so a parser
bug there cannot hide a missing wrapper. Also fails if the library exports PMPI_* (that would hijack MPI itself).
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

HEADERS = ("mpi.h", "mpi_proto.h", "mpio.h")
MIN_NAMES = 600
# A prototype starts a line: return type words/stars, then the name and its opening parenthesis.
PROTOTYPE_LINE = re.compile(r"^\s*(?!typedef\b)[A-Za-z_][\w \t*]*?[\s*](MPIX?_\w+)\s*\(")
# Names the headers #define are renamed by the preprocessor (MPI_DUP_FN) or are macros (MPI_Info_c2f): no symbol.
DEFINED_NAME = re.compile(r"^\s*#\s*define\s+(MPIX?_\w+)")


def header_functions(include_dirs: list[Path]) -> set[str]:
    declared: set[str] = set()
    macros: set[str] = set()
    for header in HEADERS:
        path = next((d / header for d in include_dirs if (d / header).is_file()), None)
        if path is None:
            sys.exit(f"check_symbol_coverage: {header} not found in {[str(d) for d in include_dirs]}")
        for line in path.read_text(errors="replace").splitlines():
            if m := PROTOTYPE_LINE.match(line):
                declared.add(m.group(1))
            elif m := DEFINED_NAME.match(line):
                macros.add(m.group(1))
    return declared - macros


def exported_symbols(library: Path, nm: str) -> set[str]:
    result = subprocess.run([nm, "-D", "--defined-only", str(library)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"check_symbol_coverage: {nm} failed on {library}: {result.stderr.strip()}")
    return {fields[-1] for fields in (line.split() for line in result.stdout.splitlines()) if len(fields) >= 2}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--include-dir", type=Path, action="append", required=True)
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--nm", default="nm")
    args = parser.parse_args()

    expected = header_functions(args.include_dir)
    exported = exported_symbols(args.library, args.nm)
    exported_mpi = {s for s in exported if re.fullmatch(r"MPIX?_\w+", s)}
    missing = sorted(expected - exported_mpi)
    unexpected = sorted(exported_mpi - expected)
    pmpi = sorted(s for s in exported if s.startswith("PMPI"))

    ok = True
    if len(expected) <= MIN_NAMES:
        print(f"FAIL: only {len(expected)} MPI functions found in the headers (expected > {MIN_NAMES})")
        ok = False
    if missing:
        print(f"FAIL: {len(missing)} of {len(expected)} MPI functions have no wrapper in {args.library.name}:")
        print("\n".join(f"  {name}" for name in missing))
        ok = False
    if unexpected:
        print(f"FAIL: {args.library.name} exports MPI names the headers do not declare: {' '.join(unexpected)}")
        ok = False
    if pmpi:
        print(f"FAIL: {args.library.name} exports PMPI symbols, which would replace MPI's own: {' '.join(pmpi[:10])}")
        ok = False
    if ok:
        print(f"OK: all {len(expected)} MPI functions declared in {', '.join(HEADERS)} are wrapped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

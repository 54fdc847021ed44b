#!/usr/bin/env python3
"""Checks in the built libmpisight.so that every MPI wrapper has wrap<> inlined: its own body reads the TSC (rdtsc)
and calls its PMPI twin directly, with no out-of-line call to the clock. A lost inline costs every traced call."""

import argparse
import re
import subprocess
import sys
from pathlib import Path

FUNCTION_START = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
OUT_OF_LINE_CLOCK = re.compile(r"\bcall\s.*<mpisight::clock::ticks\(\)")


def function_bodies(library: Path, objdump: str) -> dict[str, list[str]]:
    result = subprocess.run([objdump, "-d", "-C", "--no-show-raw-insn", str(library)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"check_wrapper_inlining: {objdump} failed on {library}: {result.stderr.strip()}")
    bodies: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in result.stdout.splitlines():
        if m := FUNCTION_START.match(line):
            current = bodies.setdefault(m.group(1), [])
        elif current is not None and line.strip():
            current.append(line)
    return bodies


def problems_of(name: str, body: list[str]) -> list[str]:
    text = "\n".join(body)
    found = []
    if "rdtsc" not in text:
        found.append("no inlined rdtsc")
    if not re.search(rf"\b(call|jmp)\s.*<P{name}@plt>", text):
        found.append(f"no direct call to P{name}")
    if OUT_OF_LINE_CLOCK.search(text):
        found.append("calls clock::ticks() out of line")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--objdump", default="objdump")
    args = parser.parse_args()

    bodies = function_bodies(args.library, args.objdump)
    wrappers = {name: body for name, body in bodies.items() if re.fullmatch(r"MPIX?_\w+", name)}
    if len(wrappers) < 600:
        print(f"FAIL: only {len(wrappers)} MPI wrappers found in {args.library}")
        return 1
    bad = {name: p for name, body in sorted(wrappers.items()) if (p := problems_of(name, body))}
    for name, found in bad.items():
        print(f"FAIL: {name}: {', '.join(found)}")
    if bad:
        print(f"FAIL: {len(bad)} of {len(wrappers)} wrappers do not inline wrap<>")
        return 1
    print(f"OK: all {len(wrappers)} wrappers inline wrap<> (rdtsc and a direct PMPI call in their own body)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

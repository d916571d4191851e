#!/usr/bin/env python3
"""Writes scripts/link-order.txt: the functions of the ecrguard binary that a short command runs,
for the release link (`ld.lld --symbol-ordering-file`, see Package.swift).

A short command (`ecrguard ecr OP`, `ecrguard check FILE`, `--version`) runs a few thousand of the
binary's 200,000 functions, spread over its 40 MB of code; each first touch of a 64 KB window of code
is a page fault. Linked next to each other, those functions take a few dozen pages. The list only
orders code: a stale or missing name changes speed, never behaviour (lld is told not to warn).

The functions are those callgrind records in the binary while it runs `--version`, the 20 `ecr`
commands of scripts/bench-ecr-cli.py against a local moto_server, and `check` of a bundled policy, in
that order (each command's functions after those of the commands before it).

Usage: swift build -c release --product ecrguard && python3 scripts/link-order.py
Needs valgrind and moto_server on PATH. Then rebuild (`swift build -c release --product ecrguard`).
"""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "scripts", "link-order.txt")

spec = importlib.util.spec_from_file_location("bench_ecr_cli", os.path.join(ROOT, "scripts", "bench-ecr-cli.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

DEFINITION = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")


def functions(profile, binary):
    """The binary's functions in a callgrind profile (written with --compress-strings), in the profile's order."""
    objects, names, current_object, found = {}, {}, None, []
    with open(profile) as lines:
        for line in lines:
            match = DEFINITION.match(line.rstrip("\n"))
            if not match:
                continue
            kind, number, name = match.groups()
            table = objects if kind.endswith("ob") else names
            if name:
                table[number] = name
            if kind == "ob":
                current_object = objects.get(number)
            elif kind == "fn" and current_object == binary:
                name = names.get(number)
                if name and not name.startswith("0x"):
                    found.append(name)
    return found


def main():
    binary = os.path.join(ROOT, ".build", "release", "ecrguard")
    if not os.path.exists(binary):
        raise SystemExit("build it first: swift build -c release --product ecrguard")
    for tool in ("valgrind", "moto_server"):
        if subprocess.run(["which", tool], stdout=subprocess.DEVNULL).returncode != 0:
            raise SystemExit(f"{tool} is not on PATH")
    moto, endpoint, env = bench.start_moto()
    order, seen = [], set()
    try:
        bench.seed(binary, endpoint, env)
        commands = [["--version"]]
        commands += [["ecr", "--endpoint-url", endpoint] + cli for cli, _, _ in bench.COMMANDS]
        commands.append(["check", os.path.join(ROOT, "policies", "repositories", "employee-api.json"), "--account", "123456789012"])
        with tempfile.TemporaryDirectory() as scratch:
            # valgrind 3.19 cannot read the release binary's debug information; the symbol table is enough.
            profiled = os.path.join(scratch, "ecrguard")
            subprocess.run(["strip", "--strip-debug", "-o", profiled, binary], check=True)
            for number, arguments in enumerate(commands):
                profile = os.path.join(scratch, f"{number}.callgrind")
                result = subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={profile}",
                                         profiled] + arguments, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                if result.returncode not in (0, 1):  # 1: check's findings
                    raise SystemExit(f"{' '.join(arguments[:4])} failed ({result.returncode}): {result.stderr.decode()[-400:]}")
                for name in functions(profile, profiled):
                    if name not in seen:
                        seen.add(name)
                        order.append(name)
    finally:
        moto.terminate()
        moto.wait()
    with open(OUTPUT, "w") as out:
        out.write("".join(name + "\n" for name in order))
    print(f"{len(order)} functions from {len(commands)} commands -> {os.path.relpath(OUTPUT, ROOT)}")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Image push and pull: ecrguard against skopeo, in one run, against the same local registry.

  python3 scripts/bench-images.py [--no-build] [--layers 5] [--layer-mib 100] [--rounds 3]

Builds ecrguard in release mode (unless --no-build), makes an OCI image of LAYERS random layers of
LAYER_MIB MiB each (Tests/ECRClientTests/Servers/make_image.py --raw), starts docker-registry on loopback
(htpasswd, plain HTTP) and, for each round, alternating who goes first:
  push: ecrguard push LAYOUT / skopeo copy --preserve-digests oci:LAYOUT docker://... into an empty repository
        (a fresh registry storage for each push, so no blob is already there)
  pull: ecrguard pull REF DIR / skopeo copy docker://... oci:DIR
Prints wall time and peak resident memory (ru_maxrss of the child) per run, the medians, and the
speed ratio skopeo/ecrguard (>= 1.0 means ecrguard is as fast or faster).
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, tempfile, time, socket, signal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "bench-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_measured(argv, stdin=None):
    """Runs argv, returns (seconds, peak RSS MiB). Peak RSS is read with wait4 for this child only."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin:
        proc.stdin.write(stdin.encode()); proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{err}")
    return seconds, usage.ru_maxrss / 1024


class Registry:
    def __init__(self, work):
        self.dir = tempfile.mkdtemp(dir=work, prefix="registry-")
        self.port = free_port()
        htpasswd = subprocess.run(["htpasswd", "-Bbn", "AWS", PASSWORD], capture_output=True, text=True, check=True).stdout
        open(os.path.join(self.dir, "htpasswd"), "w").write(htpasswd)
        open(os.path.join(self.dir, "config.yml"), "w").write(
            "version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\n"
            f"storage: {{filesystem: {{rootdirectory: {self.dir}/data}}, delete: {{enabled: true}}}}\n"
            f"http: {{addr: \"127.0.0.1:{self.port}\", secret: bench}}\n"
            f"auth: {{htpasswd: {{realm: bench, path: {self.dir}/htpasswd}}}}\n")
        self.proc = subprocess.Popen(["docker-registry", "serve", os.path.join(self.dir, "config.yml")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close(); break
            except OSError:
                time.sleep(0.1)
        self.address = f"127.0.0.1:{self.port}"

    def stop(self):
        self.proc.send_signal(signal.SIGTERM); self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--layers", type=int, default=5)
    parser.add_argument("--layer-mib", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "ecrguard"], cwd=ROOT, check=True)
    ecrguard = os.path.join(ROOT, ".build", "release", "ecrguard")
    work = tempfile.mkdtemp(prefix="ecrguard-bench-images-")
    try:
        layout = os.path.join(work, "layout")
        subprocess.run([sys.executable, os.path.join(ROOT, "Tests/ECRClientTests/Servers/make_image.py"), "oci", layout, "--raw",
                        "--layers", str(args.layers), "--layer-bytes", str(args.layer_mib << 20), "--seed", "2026"],
                       check=True, stdout=subprocess.DEVNULL)
        total = args.layers * args.layer_mib
        print(f"image: {args.layers} layers x {args.layer_mib} MiB = {total} MiB; load {os.getloadavg()[0]:.1f}")
        creds = ["--creds", f"AWS:{PASSWORD}"]
        results = {k: [] for k in ["ecrguard push", "skopeo push", "ecrguard pull", "skopeo pull"]}
        for round in range(args.rounds):
            order = ["ecrguard", "skopeo"] if round % 2 == 0 else ["skopeo", "ecrguard"]
            for tool in order:   # push into a fresh, empty registry
                registry = Registry(work)
                ref = f"{registry.address}/bench/app:v1"
                if tool == "ecrguard":
                    r = run_measured([ecrguard, "push", layout, ref, "--plain-http", "--username", "AWS", "--password-stdin", "--no-progress"], stdin=PASSWORD)
                else:
                    r = run_measured(["skopeo", "copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", f"AWS:{PASSWORD}",
                                      f"oci:{layout}:v1", f"docker://{ref}"])
                results[f"{tool} push"].append(r)
                if tool == order[-1]:
                    source = registry
                else:
                    registry.stop()
            ref = f"{source.address}/bench/app:v1"
            for tool in order:
                out = os.path.join(work, f"pulled-{tool}-{round}")
                if tool == "ecrguard":
                    r = run_measured([ecrguard, "pull", ref, out, "--plain-http", "--username", "AWS", "--password-stdin", "--no-progress"], stdin=PASSWORD)
                else:
                    r = run_measured(["skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", "--src-creds", f"AWS:{PASSWORD}",
                                      f"docker://{ref}", f"oci:{out}:v1"])
                results[f"{tool} pull"].append(r)
                shutil.rmtree(out, ignore_errors=True)
            source.stop()
            print(f"round {round + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f}s {v[-1][1]:.0f}MiB" for k, v in results.items()), flush=True)
        print("median over rounds:")
        for k, v in results.items():
            print(f"  {k:14s} {statistics.median(x[0] for x in v):6.2f} s  {total / statistics.median(x[0] for x in v):7.1f} MiB/s  peak RSS {max(x[1] for x in v):6.1f} MiB")
        for op in ["push", "pull"]:
            e = statistics.median(x[0] for x in results[f"ecrguard {op}"])
            s = statistics.median(x[0] for x in results[f"skopeo {op}"])
            print(f"  {op}: ecrguard speed / skopeo speed = {s / e:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()

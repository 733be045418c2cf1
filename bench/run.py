#!/usr/bin/env python3
"""The performance benchmark of docs/performance.md, in one command (`make bench`).

Generates seeded inputs with bench/generate.py (cached in build/bench-data), then measures, in the
same run and on the same files:

  - Terraform plans where 20% of the resources are modelled (10 MB, 100 MB, 1 GB): `ecsguard
    scan` end to end against nlohmann's SAX parser with a no-op handler, with --jobs 1 and
    --jobs 2 (one plan on two threads: read in two parts at once, its evaluation split);
  - plans of modelled resources only: `ecsguard scan` against `nlohmann::json::parse`, the same;
  - a large CloudFormation template: `ecsguard scan` against `YAML::Load`, and against
    `cfn-guard validate` with the Control Tower ECS/ECR rules (npm @cdklabs/cdk-validator-cfnguard);
  - 1,000 templates in a directory with --jobs 1 and --jobs 2;
  - the engine's hot paths with Google Benchmark (bench/micro.cc), among them the bundled pack
    over 100,000 task definitions.

Every ratio is a throughput ratio, ecsguard over the baseline (> 1: ecsguard is faster), measured
back to back so that the machine's speed cancels out. Times are the best of --repeat runs; peak
RSS is the command's maximum resident set (bench/peak_rss, which forks it: see run()). The
table is printed and written to build/bench-results.md.
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "release"
DATA = ROOT / "build" / "bench-data"
MIB = 1024 * 1024


def parse_size(text):
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower()
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def run(cmd, ok=(0,), capture=False):
    """Runs cmd; returns (seconds, peak RSS in bytes, stdout if captured).

    The peak comes from bench/peak_rss, which forks the command itself: Linux counts a parent's
    memory at the fork into its child's peak, and this Python process is larger than a scan of
    a small input. Reports are discarded unless asked for.
    """
    proc = subprocess.Popen([BUILD / "bench" / "peak_rss", *cmd],
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    out, err = proc.communicate()
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(map(str, cmd))}: exit status {proc.returncode}")
    lines = err.decode().strip().splitlines()
    if not lines or not lines[-1].startswith("peak_rss "):
        raise SystemExit(f"{' '.join(map(str, cmd))}: no peak from bench/peak_rss")
    _, peak, took = lines[-1].split()
    return float(took), int(peak), (out or b"").decode()


def best(cmd, repeat, ok=(0,)):
    runs = [run(cmd, ok) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r[0])
    return fastest[0], max(r[1] for r in runs), fastest[2]


def machine_ceiling(directory, repeat):
    """(serial, parallel) seconds of two independent single-job scans of the two halves of
    directory: how much two cores speed up work that shares nothing. On a virtual machine whose
    cores share a physical core or memory bandwidth, this is below 2 and bounds --jobs 2.
    """
    files = sorted(p for p in Path(directory).iterdir() if p.is_file())
    halves = [files[: len(files) // 2], files[len(files) // 2:]]
    cmds = [[BUILD / "ecsguard", "scan", *half, "--format", "json", "--jobs", "1"]
            for half in halves]
    serial, parallel = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        for cmd in cmds:
            run(cmd, ok=(0, 1))
        serial.append(time.perf_counter() - start)
        start = time.perf_counter()
        procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for cmd in cmds]
        for proc in procs:
            if proc.wait() not in (0, 1):
                raise SystemExit(f"{' '.join(map(str, proc.args))}: exit status {proc.returncode}")
        parallel.append(time.perf_counter() - start)
    return min(serial), min(parallel)


def baseline(mode, path, repeat):
    """Seconds the baseline parser needs for path (timed inside parse_baseline)."""
    _, _, out = run([BUILD / "bench" / "parse_baseline", mode, path, str(repeat)], capture=True)
    return float(out.strip())


def scan(paths, repeat, *extra, jobs=1):
    cmd = [BUILD / "ecsguard", "scan", *paths, "--format", "json", "--jobs", str(jobs), *extra]
    # Exit status 1 means findings: the inputs are insecure on purpose.
    return best(cmd, repeat, ok=(0, 1))


def generate(kind, name, *args):
    DATA.mkdir(parents=True, exist_ok=True)
    target = DATA / name
    if not target.exists():
        print(f"generating {target.relative_to(ROOT)} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, ROOT / "bench" / "generate.py", kind, *args, "-o", target],
                       check=True)
    return target


def cfn_guard():
    """The cfn-guard binary and Control Tower rules, installed from npm on first use."""
    for prefix in [ROOT / "build" / p / "npm" for p in ("release", "ci", "dev")]:
        pkg = prefix / "node_modules" / "@cdklabs" / "cdk-validator-cfnguard"
        guard = pkg / "bin" / "ubuntu" / "x86_64" / "cfn-guard"
        rules = pkg / "rules" / "control-tower" / "cfn-guard"
        if guard.exists() and rules.exists():
            guard.chmod(0o755)
            return guard, rules
    if shutil.which("npm") is None:
        return None
    prefix = ROOT / "build" / "release" / "npm"
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save",
                    "--loglevel=error", "@cdklabs/cdk-validator-cfnguard"], check=False)
    return cfn_guard() if (prefix / "node_modules").exists() else None


def ecs_rules(rules):
    """The Control Tower rule files for ECS and ECR (the controls ecsguard's pack maps)."""
    return sorted(p for p in Path(rules).rglob("*.guard")
                  if p.name.startswith(("ct-ecs", "ct-ecr")) or "/ecs/" in str(p) or
                  "/ecr/" in str(p))


class Table:
    def __init__(self):
        self.rows = []

    def add(self, what, size, seconds, rss, baseline_name, baseline_seconds, target):
        ratio = baseline_seconds / seconds if seconds else float("inf")
        row = {
            "what": what, "size": size, "seconds": seconds, "rss": rss,
            "baseline": baseline_name, "baseline_seconds": baseline_seconds,
            "ratio": ratio, "target": target,
        }
        self.rows.append(row)
        print(self.format(row), flush=True)

    @staticmethod
    def header():
        return ("| input | size | ecsguard | MB/s | peak RSS | baseline | baseline time | "
                "ratio | target |\n|---|---|---|---|---|---|---|---|---|")

    @staticmethod
    def format(r):
        mbs = r["size"] / MIB / r["seconds"] if r["seconds"] else 0
        rss = f"{r['rss'] / MIB:.0f} MiB" if r["rss"] else "—"
        return (f"| {r['what']} | {r['size'] / MIB:.1f} MiB | {r['seconds']:.3f} s | {mbs:.0f} | "
                f"{rss} | {r['baseline']} | {r['baseline_seconds']:.3f} s | "
                f"{r['ratio']:.2f}× | {r['target']} |")


def runs_for(size, repeat):
    """How many runs a plan of `size` gets, each measurement the best of them: `repeat`; five
    times that below 50 MB (a run of tens of milliseconds, where one slow run in three is
    common), one at 500 MB and above."""
    if parse_size(size) >= 500 * MIB:
        return 1
    return repeat * 5 if parse_size(size) < 50 * MIB else repeat


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10M,100M,1G",
                        help="plan sizes (default 10M,100M,1G)")
    parser.add_argument("--template-resources", type=int, default=20000)
    parser.add_argument("--templates", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement below 500 MB")
    parser.add_argument("--guard-timeout", type=int, default=600,
                        help="seconds after which cfn-guard is stopped (default 600)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--skip", default="", help="comma list: plans,dom,template,guard,jobs,micro")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    if not args.no_build:
        subprocess.run(["cmake", "--preset", "release"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", "--preset", "release"], cwd=ROOT, check=True)

    table = Table()
    print(Table.header())
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if "plans" not in skip:
        for size in sizes:
            repeat = runs_for(size, args.repeat)
            plan = generate("plan", f"plan-20-{size}.json", "--size", size,
                            "--modelled-share", "0.2", "--seed", "1")
            base = baseline("sax", plan, repeat)
            # One thread, then two as a user's default on this machine gives (the plan read in
            # two parts at once, its evaluation split).
            for jobs in (1, 2):
                secs, rss, _ = scan([plan], repeat, jobs=jobs)
                table.add(f"plan, 20% modelled, --jobs {jobs}", plan.stat().st_size, secs, rss,
                          "nlohmann SAX no-op", base, "≥ 0.7×")
        for size in sizes:
            repeat = runs_for(size, args.repeat)
            plan = generate("plan", f"plan-100-{size}.json", "--size", size,
                            "--modelled-share", "1.0", "--seed", "1")
            # A DOM of a 1 GB document needs about ten times that in memory: compared up to 100 MB.
            dom = "dom" not in skip and parse_size(size) <= 100 * MIB
            base = baseline("dom" if dom else "sax", plan, repeat)
            for jobs in (1, 2):
                secs, rss, _ = scan([plan], repeat, jobs=jobs)
                table.add(f"plan, modelled only, --jobs {jobs}", plan.stat().st_size, secs, rss,
                          "nlohmann::json::parse" if dom else "nlohmann SAX no-op", base,
                          "≥ 1.0×" if dom else "—")
    template = generate("template", f"template-{args.template_resources}.yaml",
                        "--resources", str(args.template_resources), "--seed", "1",
                        "--format", "yaml")
    if "template" not in skip:
        secs, rss, _ = scan([template], args.repeat)
        table.add("template (YAML)", template.stat().st_size, secs, rss,
                  "YAML::Load", baseline("yaml", template, args.repeat), "≥ 0.8×")
    if "guard" not in skip:
        found = cfn_guard()
        if found is None:
            print("cfn-guard: not available (npm unreachable); comparison skipped",
                  file=sys.stderr)
        else:
            guard, rules = found
            rule_files = ecs_rules(rules)
            cmd = [guard, "validate", "--data", template, "--show-summary", "none",
                   "--output-format", "single-line-summary"]
            for r in rule_files:
                cmd += ["--rules", r]
            # cfn-guard can take many minutes on a large template: past --guard-timeout its time
            # is a lower bound, and so is the ratio.
            start = time.perf_counter()
            try:
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=args.guard_timeout, check=False)
                guard_secs, bound = time.perf_counter() - start, ""
            except subprocess.TimeoutExpired:
                guard_secs, bound = float(args.guard_timeout), " (stopped: a lower bound)"
            secs, rss, _ = scan([template], args.repeat)
            table.add(f"template vs cfn-guard ({len(rule_files)} rule files){bound}",
                      template.stat().st_size, secs, rss, "cfn-guard validate", guard_secs,
                      "≥ 20×")
    if "jobs" not in skip:
        directory = generate("templates", f"templates-{args.templates}", "--count",
                             str(args.templates), "--resources", "30", "--seed", "1")
        size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
        scan_dir = [BUILD / "ecsguard", "scan", directory, "--format", "json", "--jobs"]
        # Alternated, so a change in the machine's speed during the runs affects both alike.
        ones, twos = [], []
        for _ in range(args.repeat):
            ones.append(run(scan_dir + ["1"], ok=(0, 1)))
            twos.append(run(scan_dir + ["2"], ok=(0, 1)))
        one = min(r[0] for r in ones)
        two, rss = min(r[0] for r in twos), max(r[1] for r in twos)
        table.add(f"{args.templates} templates, --jobs 2", size, two, rss, "--jobs 1", one,
                  "≥ 1.8×")
        serial, parallel = machine_ceiling(directory, args.repeat)
        table.add(f"the machine's own ceiling: two independent processes, {args.templates // 2}"
                  " templates each, at once", size, parallel, 0, "one after the other", serial,
                  "— (reference)")
    micro = BUILD / "bench" / "ecsguard_micro"
    if "micro" not in skip and micro.exists():
        print("\nGoogle Benchmark (bench/micro.cc):", flush=True)
        subprocess.run([micro, "--benchmark_counters_tabular=true"], check=True)

    out = ROOT / "build" / "bench-results.md"
    out.write_text(Table.header() + "\n" + "\n".join(Table.format(r) for r in table.rows) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

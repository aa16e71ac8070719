"""Benchmark briefgen's whole pipeline (load, validate, compose, render, write).

    .venv/bin/python bench/run.py             # full: ~15 minutes on 2 cores
    .venv/bin/python bench/run.py --quick     # ~2 minutes, smaller samples
    .venv/bin/python bench/run.py --profile plan   # cProfile of 100 plans in one process

Reports medians over repeats (interleaved, so each round sees the same machine):
docs/s of DOCX briefs and PDF plans with one job (in this process) and with all cores; the
ratio 2 workers / 1 worker in the same round; cold-start wall time and peak RSS of
`briefgen check FILE` and of one-document `briefgen build FILE` (fresh processes); and the
RSS of every process of a 10,000-document `briefgen build --jobs N`, sampled from /proc.
Records come from bench/workload.py (shaped like inputs/az-uz-2026, 3-4 pages each).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import write_pairs

import briefgen
from briefgen.bulk import cores

TARGETS = {
    "plan_docs_per_s_1": 35.0,
    "brief_docs_per_s_1": 100.0,
    "check_ms": 200.0,
    "build_one_ms": 600.0,
    "ratio_2_over_1": 1.7,
    "rss_mb": 150.0,
}


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": cores(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "briefgen": briefgen.bulk._version(),
    }


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- throughput -------------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def rate(files: Sequence[Path], out: Path, jobs: int) -> tuple[float, float]:
    """Docs per wall second and docs per CPU second of one forced build of `files`."""
    cpu = cpu_seconds()
    started = time.perf_counter()
    report = briefgen.build(files, out, jobs=jobs, force=True)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    assert report.ok and len(report.built) == len(files), report.failed[:3]
    return len(files) / elapsed, len(files) / cpu


def throughput(
    plans: Sequence[Path], briefs: Sequence[Path], tmp: Path, repeats: int
) -> dict[str, Any]:
    every = cores()
    rate(plans[:5], tmp / "warm", 1)  # imports, fonts, templates
    rate(briefs[:5], tmp / "warm", 1)
    rounds: dict[str, list[float]] = {}
    for r in range(repeats):
        for kind, files in (("plan", plans), ("brief", briefs)):
            for jobs in sorted({1, 2, every}):
                wall, cpu = rate(files, tmp / f"out-{kind}", jobs)
                rounds.setdefault(f"{kind}_docs_per_s_{jobs}", []).append(wall)
                rounds.setdefault(f"{kind}_docs_per_cpu_s_{jobs}", []).append(cpu)
            one, two = rounds[f"{kind}_docs_per_s_1"][-1], rounds[f"{kind}_docs_per_s_2"][-1]
            rounds.setdefault(f"{kind}_ratio_2_over_1", []).append(two / one)
        print(f"  round {r + 1}/{repeats}, load {load()}", file=sys.stderr)
    result: dict[str, Any] = {k: statistics.median(v) for k, v in rounds.items()}
    result["rounds"] = rounds
    return result


# --- cold start -------------------------------------------------------------------------------


def briefgen_command() -> list[str]:
    script = Path(sys.executable).with_name("briefgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "briefgen"]


# Peak RSS is read from the process's own /proc/self/status (VmHWM) as it exits: ru_maxrss of
# a child would count the memory of this benchmark process it was forked from.
PEAK = (
    "import atexit, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write('\\nPEAK ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "from briefgen.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run(argv: Sequence[str]) -> str:
    result = subprocess.run(
        argv, capture_output=True, text=True, check=False, env={**os.environ, "CI": "1"}
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}: {result.stderr}")
    return result.stderr


def timed(argv: Sequence[str]) -> tuple[float, float]:
    """Wall ms of the command as a user runs it, and its peak RSS MB (a second run)."""
    started = time.perf_counter()
    run(argv)
    elapsed = time.perf_counter() - started
    err = run([sys.executable, "-c", PEAK, *argv[len(briefgen_command()) :]])
    peak_kb = int(err.rsplit("PEAK ", 1)[1].split()[0])
    return elapsed * 1000, peak_kb / 1024


def cold(plan: Path, brief: Path, tmp: Path, repeats: int) -> dict[str, Any]:
    cmd = briefgen_command()
    cases = {
        "check": [*cmd, "check", str(plan)],
        "build_one_plan": [*cmd, "build", str(plan), "-o", str(tmp / "cold"), "--force"],
        "build_one_brief": [*cmd, "build", str(brief), "-o", str(tmp / "cold"), "--force"],
    }
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
    for argv in cases.values():
        timed(argv)  # page cache, .pyc files
    for _ in range(repeats):
        for name, argv in cases.items():
            samples[name].append(timed(argv))
    result: dict[str, Any] = {}
    for name, values in samples.items():
        result[f"{name}_ms"] = statistics.median(v[0] for v in values)
        result[f"{name}_rss_mb"] = max(v[1] for v in values)
    result["build_one_ms"] = max(result["build_one_plan_ms"], result["build_one_brief_ms"])
    starts = []
    for _ in range(repeats):
        started = time.perf_counter()
        run([sys.executable, "-c", "pass"])
        starts.append((time.perf_counter() - started) * 1000)
    result["python_pass_ms"] = statistics.median(starts)
    return result


# --- memory over a long run -------------------------------------------------------------------


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def count_outputs(folder: Path) -> int:
    try:
        return sum(1 for e in os.scandir(folder) if e.name.endswith((".pdf", ".docx")))
    except OSError:
        return 0


def memory(folder: Path, expected: int, out: Path, jobs: int) -> dict[str, Any]:
    """Build `folder` in a child `briefgen build --jobs N`, sampling RSS of every process."""
    argv = [*briefgen_command(), "build", str(folder), "-o", str(out), "--jobs", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "CI": "1"}
    )
    series: dict[int, list[tuple[int, int]]] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            done = count_outputs(out)
            for pid in [proc.pid, *children(proc.pid)]:
                kb = rss_kb(pid)
                if kb is not None:
                    series.setdefault(pid, []).append((done, kb))
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(err.decode()[-2000:])
    built = count_outputs(out)
    processes = []
    for pid, points in series.items():
        role = "parent" if pid == proc.pid else "worker"
        after = [kb for done, kb in points if done >= 100]
        first = after[0] if after else None
        half = [kb for done, kb in points if done >= built // 2]
        processes.append(
            {
                "role": role,
                "samples": len(points),
                "max_mb": max(kb for _, kb in points) / 1024,
                "at_100_docs_mb": first / 1024 if first else None,
                "at_half_mb": half[0] / 1024 if half else None,
                "at_end_mb": points[-1][1] / 1024,
                "growth_after_100_mb": (max(after) - first) / 1024 if first else None,
                "growth_second_half_mb": (max(half) - half[0]) / 1024 if half else None,
            }
        )
    return {
        "documents": built,
        "expected": expected,
        "jobs": jobs,
        "seconds": elapsed,
        "docs_per_s": built / elapsed,
        "processes": processes,
        "max_rss_mb": max(p["max_mb"] for p in processes),
        "max_growth_mb": max((p["growth_after_100_mb"] or 0.0) for p in processes),
    }


# --- profile ----------------------------------------------------------------------------------


def profile(kind: str, files: Sequence[Path], tmp: Path) -> None:
    import cProfile
    import pstats

    rate(files[:5], tmp / "warm", 1)
    profiler = cProfile.Profile()
    profiler.enable()
    rate(files, tmp / "prof", 1)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print(f"# cProfile, {len(files)} {kind}s, jobs=1 (times inflated by the profiler)")
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


# --- report -----------------------------------------------------------------------------------


def verdicts(result: dict[str, Any]) -> list[str]:
    t, c, m = result.get("throughput"), result.get("cold"), result.get("memory")
    lines = []
    if t:
        lines += [
            f"PDF plan, 1 job: {t['plan_docs_per_s_1']:.1f} docs/s (target >= 35)",
            f"DOCX brief, 1 job: {t['brief_docs_per_s_1']:.1f} docs/s (target >= 100)",
            f"PDF plan, all cores: {t[f'plan_docs_per_s_{cores()}']:.1f} docs/s",
            f"DOCX brief, all cores: {t[f'brief_docs_per_s_{cores()}']:.1f} docs/s",
            f"2 workers / 1 worker: plans {t['plan_ratio_2_over_1']:.2f}x, "
            f"briefs {t['brief_ratio_2_over_1']:.2f}x (target >= 1.7)",
            f"docs per CPU second (load-independent): plans {t['plan_docs_per_cpu_s_1']:.1f} "
            f"(1 job) / {t['plan_docs_per_cpu_s_2']:.1f} (2 jobs), briefs "
            f"{t['brief_docs_per_cpu_s_1']:.1f} / {t['brief_docs_per_cpu_s_2']:.1f}",
        ]
    if c:
        lines += [
            f"cold `briefgen check FILE`: {c['check_ms']:.0f} ms, {c['check_rss_mb']:.0f} MB "
            "(target < 200 ms)",
            f"cold `briefgen build FILE`: plan {c['build_one_plan_ms']:.0f} ms "
            f"{c['build_one_plan_rss_mb']:.0f} MB, brief {c['build_one_brief_ms']:.0f} ms "
            f"{c['build_one_brief_rss_mb']:.0f} MB (target < 600 ms)",
            f"`python -c pass`: {c['python_pass_ms']:.0f} ms",
        ]
    if m:
        lines.append(
            f"{m['documents']} documents, --jobs {m['jobs']}: {m['seconds']:.0f} s "
            f"({m['docs_per_s']:.1f} docs/s), max RSS {m['max_rss_mb']:.0f} MB, "
            f"growth after 100 documents {m['max_growth_mb']:.1f} MB (target < 150 MB, no growth)"
        )
        for p in m["processes"]:
            lines.append(
                f"  {p['role']}: max {p['max_mb']:.1f} MB; at 100 docs "
                f"{p['at_100_docs_mb'] or 0:.1f}, at half {p['at_half_mb'] or 0:.1f}, at end "
                f"{p['at_end_mb']:.1f} MB; growth in the second half "
                f"{p['growth_second_half_mb'] or 0:.1f} MB"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small samples (~2 minutes)")
    parser.add_argument("--documents", type=int, help="records per throughput run")
    parser.add_argument("--repeats", type=int, help="interleaved rounds")
    parser.add_argument("--bulk", type=int, help="documents in the memory run (0: skip)")
    parser.add_argument("--profile", choices=["plan", "brief"], help="cProfile one kind, then stop")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--only", choices=["throughput", "cold", "memory"], help="run one part of the benchmark"
    )
    args = parser.parse_args()
    n = args.documents or (60 if args.quick else 200)
    repeats = args.repeats or (3 if args.quick else 5)
    bulk = args.bulk if args.bulk is not None else (1000 if args.quick else 10_000)

    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as name:
        tmp = Path(name)
        plans, briefs = write_pairs(tmp / "in", n)
        if args.profile:
            profile(args.profile, plans if args.profile == "plan" else briefs, tmp)
            return 0
        result: dict[str, Any] = {"machine": machine(), "load_before": load()}
        print(f"machine: {result['machine']}, load {result['load_before']}", file=sys.stderr)
        if args.only in (None, "throughput"):
            print(f"throughput: {n} plans and {n} briefs x {repeats} rounds", file=sys.stderr)
            result["throughput"] = throughput(plans, briefs, tmp, repeats)
        if args.only in (None, "cold"):
            print("cold start", file=sys.stderr)
            result["cold"] = cold(plans[0], briefs[0], tmp, repeats=max(5, repeats))
        if bulk and args.only in (None, "memory"):
            print(f"memory: {bulk} documents", file=sys.stderr)
            big = tmp / "bulk"
            write_pairs(big, bulk // 2)
            result["memory"] = memory(big, bulk, tmp / "bulk-out", cores())
            shutil.rmtree(big, ignore_errors=True)
        result["load_after"] = load()
    print("\n".join(verdicts(result)))
    print(f"load average before {result['load_before']}, after {result['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

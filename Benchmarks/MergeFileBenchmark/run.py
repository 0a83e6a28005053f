#!/usr/bin/env python3
"""Runs `sluice merge-file` and `git merge-file` over the merge fixtures and compares them.

For every case in Fixtures/merge that has base.json, ours.json and theirs.json, both tools run
as `TOOL merge-file -p OURS BASE THEIRS` on temporary copies, R times each (median wall time).
For each tool and case it records the conflicts reported (the exit status), whether the output
is valid JSON, and whether the merge is a *silent wrong merge*: exit status 0 but the output is
not valid JSON, has duplicate keys, or differs from expected.json (JSON equality). For sluice
the output must equal expected.json even when it reports conflicts (it keeps ours at each).

Exits 1 when sluice produced any wrong or invalid output, 2 on a usage or setup problem.
Python 3 standard library only.

    python3 Benchmarks/MergeFileBenchmark/run.py [--sluice PATH] [--git git] [-r 5] [--verbose] [--json]
    python3 Benchmarks/MergeFileBenchmark/run.py --git-only      # before sluice merge-file exists
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


class DuplicateKey(ValueError):
    pass


def reject_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def json_equal(a, b):
    """JSON equality: key order irrelevant, numbers by value, true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def classify(output, expected):
    """'ok', 'wrong' (valid JSON, another value), 'duplicate-keys', 'invalid', or 'deleted' (empty output where a document was expected)."""
    text = output.decode("utf-8", errors="replace")
    if not text.strip():
        return "ok" if expected is None else "deleted"
    try:
        value = json.loads(text, object_pairs_hook=reject_duplicates)
    except DuplicateKey:
        return "duplicate-keys"
    except ValueError:
        return "invalid"
    if expected is None or not json_equal(value, expected):
        return "wrong"
    return "ok"


def run_tool(argv, files, repeat):
    """Runs argv + ['-p', ours, base, theirs] `repeat` times on fresh copies; returns (status, stdout, stderr, median seconds)."""
    times = []
    result = None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="merge-bench-") as tmp:
            copies = []
            for name in ("ours.json", "base.json", "theirs.json"):
                dest = os.path.join(tmp, name)
                shutil.copyfile(files[name], dest)
                copies.append(dest)
            start = time.perf_counter()
            proc = subprocess.run(argv + ["-p"] + copies, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            times.append(time.perf_counter() - start)
            result = proc
    return result.returncode, result.stdout, result.stderr, statistics.median(times)


def load_cases(fixtures, only):
    cases = []
    for name in sorted(os.listdir(fixtures)):
        folder = os.path.join(fixtures, name)
        if not os.path.isdir(folder) or (only and only not in name):
            continue
        files = {n: os.path.join(folder, n) for n in ("base.json", "ours.json", "theirs.json")}
        if not all(os.path.isfile(p) for p in files.values()):
            continue
        expected_path = os.path.join(folder, "expected.json")
        with open(expected_path, encoding="utf-8") if os.path.isfile(expected_path) else open(os.devnull) as f:
            text = f.read()
        expected = json.loads(text) if text.strip() else None
        conflicts_path = os.path.join(folder, "conflicts.json")
        with open(conflicts_path, encoding="utf-8") as f:
            conflicts = json.load(f)
        cases.append({"name": name, "files": files, "expected": expected, "conflicts": len(conflicts)})
    return cases


def check_sluice(path):
    """A one-line reason when `path merge-file` cannot run, else None."""
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        found = shutil.which(path) if os.sep not in path else None
        if not found:
            return (f"sluice binary not found at {path} (build it with `swift build -c release --product sluice`, "
                    "pass --sluice PATH, or use --git-only)")
        path = found
    try:
        proc = subprocess.run([path, "merge-file", "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    except OSError as error:
        return f"cannot run {path}: {error.strerror}"
    if proc.returncode != 0 or b"merge-file" not in proc.stdout + proc.stderr:
        return f"{path} has no working `merge-file` command (`{path} merge-file --help` exited {proc.returncode})"
    return None


def check_git(git):
    try:
        proc = subprocess.run([git, "merge-file", "-h"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError:
        return f"git not found: {git}"
    if b"merge-file" not in proc.stdout + proc.stderr:
        return f"{git} has no merge-file command"
    return None


def main():
    parser = argparse.ArgumentParser(description="sluice merge-file next to git merge-file on Fixtures/merge.")
    parser.add_argument("--sluice", default=os.path.join(ROOT, ".build", "release", "sluice"),
                        help="the sluice binary (default: .build/release/sluice)")
    parser.add_argument("--git", default="git", help="the git binary (default: git)")
    parser.add_argument("--fixtures", default=os.path.join(ROOT, "Fixtures", "merge"), help="the fixture folder")
    parser.add_argument("-r", "--repeat", type=int, default=5, help="runs per case and tool; the median counts (default 5)")
    parser.add_argument("--only", metavar="TEXT", help="only cases whose folder name contains TEXT")
    parser.add_argument("--git-only", action="store_true", help="run git merge-file only (before sluice merge-file exists)")
    parser.add_argument("--verbose", action="store_true", help="print one line per case")
    parser.add_argument("--json", action="store_true", help="print the summary (and, with --verbose, the cases) as JSON")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    problem = check_git(args.git)
    if problem is None and not args.git_only:
        problem = check_sluice(args.sluice)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if not os.path.isdir(args.fixtures):
        print(f"error: no fixture folder at {args.fixtures}", file=sys.stderr)
        return 2
    cases = load_cases(args.fixtures, args.only)
    if not cases:
        print("error: no case with base.json, ours.json and theirs.json", file=sys.stderr)
        return 2

    tools = {"git": [args.git, "merge-file"]}
    if not args.git_only:
        tools["sluice"] = [args.sluice, "merge-file"]

    rows = []
    for case in cases:
        row = {"case": case["name"], "expectedConflicts": case["conflicts"]}
        for tool, argv in tools.items():
            status, out, err, seconds = run_tool(argv, case["files"], args.repeat)
            if status >= 128 or status < 0:
                verdict = "error"
            else:
                verdict = classify(out, case["expected"])
            entry = {"conflicts": status, "output": verdict, "seconds": seconds}
            entry["validJSON"] = verdict in ("ok", "wrong", "deleted")
            entry["silentWrong"] = status == 0 and verdict != "ok"
            if tool == "sluice":
                entry["wrong"] = verdict != "ok"
                entry["stderr"] = err.decode("utf-8", errors="replace").strip()
            row[tool] = entry
        rows.append(row)

    summary = summarize(rows, tools)
    if args.json:
        doc = {"summary": summary}
        if args.verbose:
            doc["cases"] = rows
        print(json.dumps(doc, indent=2))
    else:
        if args.verbose:
            print_table(rows, tools)
            print()
        print_summary(summary, tools)
    if "sluice" in tools and (summary["sluice"]["wrongOutputs"] or summary["sluice"]["invalidOutputs"]):
        return 1
    return 0


def summarize(rows, tools):
    summary = {"cases": len(rows), "expectedConflicts": sum(r["expectedConflicts"] for r in rows),
               "casesExpectedClean": sum(1 for r in rows if r["expectedConflicts"] == 0)}
    for tool in tools:
        entries = [r[tool] for r in rows]
        times = [e["seconds"] for e in entries]
        s = {
            "conflicts": sum(e["conflicts"] for e in entries if e["output"] != "error"),
            "casesWithConflicts": sum(1 for e in entries if e["conflicts"] > 0 and e["output"] != "error"),
            "cleanOnExpectedCleanCases": sum(1 for r in rows if r["expectedConflicts"] == 0 and r[tool]["conflicts"] == 0
                                             and r[tool]["output"] == "ok"),
            "invalidOutputs": sum(1 for e in entries if not e["validJSON"]),
            "errors": [r["case"] for r in rows if r[tool]["output"] == "error"],
            "silentWrongMerges": sum(1 for e in entries if e["silentWrong"]),
            "silentInvalidJSON": [r["case"] for r in rows if r[tool]["silentWrong"] and r[tool]["output"] == "invalid"],
            "silentDuplicateKeys": [r["case"] for r in rows if r[tool]["silentWrong"] and r[tool]["output"] == "duplicate-keys"],
            "silentWrongValue": [r["case"] for r in rows if r[tool]["silentWrong"] and r[tool]["output"] in ("wrong", "deleted")],
            "medianSeconds": statistics.median(times),
            "totalSeconds": sum(times),
        }
        if tool == "sluice":
            s["wrongOutputs"] = [r["case"] for r in rows if r[tool]["wrong"]]
            s["conflictCountMismatches"] = [r["case"] for r in rows
                                            if r[tool]["output"] != "error" and r[tool]["conflicts"] != min(r["expectedConflicts"], 127)]
        summary[tool] = s
    if "sluice" in tools:
        summary["timeRatioSluiceToGit"] = (summary["sluice"]["totalSeconds"] / summary["git"]["totalSeconds"]
                                           if summary["git"]["totalSeconds"] else None)
    return summary


def print_table(rows, tools):
    width = max(len(r["case"]) for r in rows)
    header = f"{'case':<{width}}  exp"
    for tool in tools:
        header += f"  {tool + ' conf':>11}  {tool + ' output':<23}  {'ms':>7}"
    print(header)
    for r in rows:
        line = f"{r['case']:<{width}}  {r['expectedConflicts']:>3}"
        for tool in tools:
            e = r[tool]
            mark = e["output"] + (" (silent)" if e["silentWrong"] else "")
            line += f"  {e['conflicts']:>11}  {mark:<23}  {e['seconds'] * 1000:>7.1f}"
        print(line)


def names(cases, limit=8):
    shown = ", ".join(cases[:limit])
    return shown + (f", … and {len(cases) - limit} more" if len(cases) > limit else "")


def print_summary(s, tools):
    print(f"cases: {s['cases']} (with base, ours and theirs); expected conflicts: {s['expectedConflicts']} "
          f"in {s['cases'] - s['casesExpectedClean']} cases; {s['casesExpectedClean']} cases are clean")
    for tool in tools:
        t = s[tool]
        print(f"{tool}:")
        print(f"  conflicts reported:        {t['conflicts']} in {t['casesWithConflicts']} cases")
        print(f"  correct clean merges:      {t['cleanOnExpectedCleanCases']} of {s['casesExpectedClean']} clean cases")
        print(f"  output not valid JSON:     {t['invalidOutputs']} cases (conflict markers, syntax errors, duplicate keys)")
        print(f"  silent wrong merges:       {t['silentWrongMerges']} (exit 0 but invalid, duplicate keys or a wrong value)")
        for label, key in (("invalid JSON", "silentInvalidJSON"), ("duplicate keys", "silentDuplicateKeys"), ("wrong value", "silentWrongValue")):
            if t[key]:
                print(f"    {label}: {names(t[key])}")
        if t["errors"]:
            print(f"  errors (exit >= 128):      {names(t['errors'])}")
        if tool == "sluice":
            print(f"  outputs != expected.json:  {len(t['wrongOutputs'])}" + (f" ({names(t['wrongOutputs'])})" if t["wrongOutputs"] else ""))
            if t["conflictCountMismatches"]:
                print(f"  conflict count != fixture: {len(t['conflictCountMismatches'])} ({names(t['conflictCountMismatches'])})")
        print(f"  time: median {t['medianSeconds'] * 1000:.2f} ms per case, total {t['totalSeconds'] * 1000:.1f} ms")
    if "sluice" in tools and s["timeRatioSluiceToGit"] is not None:
        print(f"time ratio sluice / git (total): {s['timeRatioSluiceToGit']:.2f}")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""sluice serve under load: wrk posts signed webhooks over loopback to a flow of two blocks (Update Tags, then
Notification) for a while at rising concurrency, and reports accepted and completed runs per second, p50/p99
latency and the server's peak memory. Then the server is killed with SIGKILL in the middle of the load and started
again: every call answered 202 must become exactly one completed run (0 lost, 0 duplicated).

The anchor is n8n's documented figure, up to 220 workflow executions per second on one instance (a 2-vCPU
c5a.large); it is a published number, not measured here. Usage: run.py --sluice PATH [--seconds 30] [--levels 8,32,128]
[--serve-options "--max-runs-per-flow 64"]
"""
import argparse, hashlib, hmac, json, os, shutil, signal, sqlite3, subprocess, sys, tempfile, time

SECRET = "benchmark-webhook-secret"
N8N_RUNS_PER_SECOND = 220


def sh(*command, stdin=None, cwd=None):
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        sys.exit(f"server benchmark: {' '.join(command)} failed: {result.stdout}{result.stderr}")
    return result.stdout


def make_workspace(sluice, root, sample):
    sh(sluice, "init", root)
    sh(sluice, "upload", sample, "--folder", "bench", "--public-id", "sample", cwd=root)
    sh(sluice, "flows", "new", "Hook", "--power", cwd=root)
    path = os.path.join(root, "flows/hook/flow.json")
    flow = json.load(open(path))
    flow["enabled"] = True
    flow["blocks"] = [
        {"id": "hook", "type": "webhook", "name": "Call", "config": {}, "next": ["tag"]},
        {"id": "tag", "type": "update-tags", "name": "Tag", "next": ["notify"],
         "config": {"asset": "bench/sample", "operation": "add", "tags": ["{{trigger.data.tag}}"]}},
        {"id": "notify", "type": "notification", "name": "Notify",
         "config": {"asset": "bench/sample", "recipients": ["ops@example.com"], "title": "Tagged", "message": "{{trigger.data.tag}}"}},
    ]
    json.dump(flow, open(path, "w"), indent=2)
    sh(sluice, "commit", "-m", "benchmark flow", cwd=root)
    sh(sluice, "flows", "secrets", "hook", "set", "webhookSecret", stdin=SECRET + "\n", cwd=root)


def signed_requests(path, count, tag):
    """Writes `count` distinct signed calls (an event id in each body) as timestamp, signature and body lines."""
    timestamp = str(int(time.time()))
    with open(path, "w") as out:
        for index in range(count):
            body = json.dumps({"event": f"{tag}-{index}", "tag": f"t{index % 10}"}, separators=(",", ":"))
            digest = hmac.new(SECRET.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
            out.write(f"{timestamp}\tv1={digest}\t{body}\n")


class Server:
    def __init__(self, sluice, root, options=()):
        self.process = subprocess.Popen(
            [sluice, "serve", "-C", root, "--port", "0", "--max-queue", "1000000", *options], stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, []))
        for line in self.process.stdout:
            if "listening on http://127.0.0.1:" in line:
                self.port = int(line.split("http://127.0.0.1:", 1)[1].split()[0])
                return
        sys.exit("server benchmark: the server did not start")

    def peak_memory_mb(self):
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=300)

    def kill(self):
        self.process.kill()
        self.process.wait()


def runs(root):
    """Run id → status, from the run store (read-only, as a second process)."""
    database = sqlite3.connect(f"file:{root}/.sluice/runs/production.sqlite?mode=ro", uri=True, timeout=30)
    try:
        return dict(database.execute("SELECT id, status FROM run").fetchall())
    finally:
        database.close()


def accepted_ids(folder):
    ids = []
    for name in os.listdir(folder):
        if name.startswith("accepted-"):
            ids += [line.strip() for line in open(os.path.join(folder, name)) if line.strip()]
    return ids


def wrk(port, scratch, connections, seconds, requests):
    for name in os.listdir(scratch):
        if name.startswith("accepted-"):
            os.remove(os.path.join(scratch, name))
    threads = min(2, connections)
    output = sh("wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                "-s", os.path.join(os.path.dirname(os.path.abspath(__file__)), "hooks.lua"), f"http://127.0.0.1:{port}",
                "--", requests, str(threads), "/hooks/production/hook", scratch)
    return json.loads(output.strip().splitlines()[-1])


def wait_for_runs(root, ids, limit=600):
    start = time.time()
    while time.time() - start < limit:
        statuses = runs(root)
        if all(statuses.get(run) in ("succeeded", "failed") for run in ids):
            return time.time()
        time.sleep(0.05)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--sample", default=os.path.join(os.path.dirname(__file__), "../../Fixtures/media/red-bag.jpg"))
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--levels", default="8,32,128")
    parser.add_argument("--serve-options", default="", help="more options for sluice serve, e.g. \"--max-runs-per-flow 64\"")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("server benchmark: wrk is missing (apt-get install wrk)")
    scratch = tempfile.mkdtemp(prefix="sluice-server-benchmark-")
    root = os.path.join(scratch, "ws")
    make_workspace(os.path.abspath(options.sluice), root, os.path.abspath(options.sample))
    serve_options = options.serve_options.split()
    server = Server(os.path.abspath(options.sluice), root, serve_options)
    report = {"levels": [], "anchor": {"n8n_runs_per_second": N8N_RUNS_PER_SECOND, "source": "n8n docs, c5a.large, one instance"}}
    print(f"sluice serve, signed webhooks to a flow of two blocks (update tags, notification), {options.seconds} s per level")
    print(f"{'connections':>11}  {'accepted/s':>10}  {'completed/s':>11}  {'p50 ms':>7}  {'p99 ms':>7}  {'peak MB':>7}  {'vs n8n 220/s':>12}")
    for level, connections in enumerate(int(value) for value in options.levels.split(",")):
        requests = os.path.join(scratch, "requests.txt")
        signed_requests(requests, 150_000, f"level{level}")
        start = time.time()
        result = wrk(server.port, scratch, connections, options.seconds, requests)
        ids = accepted_ids(scratch)
        finished = wait_for_runs(root, ids)
        completed = len(ids) / (finished - start) if finished else 0
        accepted = result["accepted"] / result["seconds"]
        row = dict(result, connections=connections, accepted_per_second=accepted, completed_per_second=completed,
                   peak_memory_mb=server.peak_memory_mb())
        report["levels"].append(row)
        print(f"{connections:>11}  {accepted:>10.0f}  {completed:>11.0f}  {result['p50_ms']:>7.2f}  {result['p99_ms']:>7.2f}"
              f"  {row['peak_memory_mb']:>7.0f}  {completed / N8N_RUNS_PER_SECOND:>11.2f}x")

    # SIGKILL in the middle of the load, then a restart: every 202 must be exactly one completed run.
    requests = os.path.join(scratch, "requests.txt")
    signed_requests(requests, 150_000, "kill")
    before = set(runs(root))
    load = subprocess.Popen(
        ["wrk", "-t", "2", "-c", "32", "-d", "8s", "--timeout", "2s", "-s",
         os.path.join(os.path.dirname(os.path.abspath(__file__)), "hooks.lua"), f"http://127.0.0.1:{server.port}", "--", requests, "2",
         "/hooks/production/hook", scratch], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    server.kill()
    load.wait()
    server = Server(os.path.abspath(options.sluice), root, serve_options)
    ids = accepted_ids(scratch)
    wait_for_runs(root, ids)
    after = runs(root)
    lost = [run for run in ids if after.get(run) != "succeeded"]
    duplicated = len(ids) - len(set(ids))
    unanswered = len(set(after) - before - set(ids))
    server.stop()
    report["kill"] = {"accepted": len(ids), "lost": len(lost), "duplicated": duplicated, "recorded_without_answer": unanswered}
    print(f"kill -9 mid-load: {len(ids)} calls answered 202, {len(lost)} lost, {duplicated} duplicated, "
          f"{unanswered} recorded without an answer (killed before it went out; completed too)")
    print("REPORT " + json.dumps(report))
    shutil.rmtree(scratch, ignore_errors=True)
    if lost or duplicated:
        sys.exit(1)


if __name__ == "__main__":
    main()

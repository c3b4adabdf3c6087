"""Time flyte's own Textual TUI (`flyte start tui`, local explore mode) from launch to its first frame showing runs.

Usage: python flyte_tui_first_frame.py --runs N [--launches K]

Runs in a throwaway HOME. The runs are written by the SDK's own recorder (flyte._persistence's RunRecorder, what
`flyte.run` with local persistence calls), then `flyte start tui` is started on a pseudo-terminal of 160x50 and timed
until a run name appears in what it draws. Prints one JSON object: runs, launches, median_ms, all_ms.
"""

import argparse
import json
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

SEED = r"""
import sys
from flyte._persistence._recorder import RunRecorder
RunRecorder.initialize_persistence()
n = int(sys.argv[1])
for i in range(n):
    r = RunRecorder(persist=True, run_name=f"tuibench{i:07d}")
    r.record_root_start(task_name="bench.hello")
    if i % 7 == 0:
        r.record_root_failure(error="ValueError: boom")
    else:
        r.record_root_complete()
"""


def launch(flyte: str, env: dict, timeout: float = 60.0) -> float:
    """Starts the TUI on a pty; returns milliseconds until a run name is drawn."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(flyte, [flyte, "start", "tui"], env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    t0 = time.monotonic()
    seen = b""
    elapsed = None
    try:
        while time.monotonic() - t0 < timeout:
            r, _, _ = select.select([fd], [], [], 0.05)
            if not r:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-200000:]
            if b"tuibench" in seen:
                elapsed = (time.monotonic() - t0) * 1000
                break
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    if elapsed is None:
        raise SystemExit(f"flyte start tui drew no run within {timeout:.0f} s; last output: {seen[-400:]!r}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10000)
    ap.add_argument("--launches", type=int, default=5)
    args = ap.parse_args()
    flyte = shutil.which("flyte", path=os.path.dirname(sys.executable)) or shutil.which("flyte")
    if not flyte:
        raise SystemExit("flyte: not found beside this python (pip install 'flyte[tui]')")
    home = tempfile.mkdtemp(prefix="flyte-tui-bench-")
    env = dict(os.environ, HOME=home, TERM="xterm-256color", COLUMNS="160", LINES="50")
    env.pop("FLYTE_API_KEY", None)
    try:
        subprocess.run([sys.executable, "-c", SEED, str(args.runs)], env=env, check=True)
        times = [launch(flyte, env) for _ in range(args.launches)]
        print(json.dumps({"runs": args.runs, "launches": args.launches, "median_ms": statistics.median(times),
                          "all_ms": [round(t, 1) for t in times]}))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

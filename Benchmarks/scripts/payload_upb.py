"""Times Python protobuf's own parse of a task.Outputs file (the floor flytrap-bench payload compares against).

Usage: python3 Benchmarks/scripts/payload_upb.py FILE REPEATS
Prints one JSON line: {"backend": ..., "median_ms": ..., "mb_per_s": ...}.
Needs `pip install flyteidl2==2.0.51` (brings protobuf with the upb backend).
"""
import json
import statistics
import sys
import time

from google.protobuf.internal import api_implementation
from flyteidl2.task import common_pb2

path, repeats = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
for _ in range(3):
    common_pb2.Outputs().ParseFromString(data)
times = []
for _ in range(repeats):
    m = common_pb2.Outputs()
    t0 = time.perf_counter()
    m.ParseFromString(data)
    times.append(time.perf_counter() - t0)
med = statistics.median(times)
print(json.dumps({"backend": api_implementation.Type(), "median_ms": med * 1e3, "mb_per_s": len(data) / med / 1e6, "values": len(m.literals)}))

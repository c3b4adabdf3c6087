#!/usr/bin/env python3
"""What users write instead of flytrap audit: HEAD every referenced key with boto3 and a ThreadPoolExecutor(32).

usage: boto3_heads.py ENDPOINT KEYS_FILE   (one s3://bucket/key per line)
Prints one JSON line: {"objects": n, "present": p, "missing": m, "seconds": s, "per_second": r}.
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main() -> int:
    endpoint, keys_file = sys.argv[1:3]
    uris = [l.strip() for l in open(keys_file) if l.strip()]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s",
                      config=Config(max_pool_connections=32, s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    def head(uri):
        bucket, key = uri[len("s3://"):].split("/", 1)
        try:
            s3.head_object(Bucket=bucket, Key=key)
            return True
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    t0 = time.monotonic()
    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(head, uris))
    dt = time.monotonic() - t0
    present = sum(results)
    print(json.dumps({"objects": len(uris), "present": present, "missing": len(uris) - present, "seconds": dt,
                      "per_second": len(uris) / dt}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Seeds an S3-compatible server (moto, MinIO) for tests and benchmarks: uploads a folder as a bucket's keys and,
optionally, sets the bucket's lifecycle configuration. flytrap itself never writes to a bucket; this is the
test harness's writer.

usage: s3-seed.py ENDPOINT BUCKET DIR [--lifecycle FILE.json]
The lifecycle file holds the boto3 LifecycleConfiguration dict ({"Rules": [...]}).
"""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def main() -> int:
    args = sys.argv[1:]
    lifecycle = None
    if "--lifecycle" in args:
        i = args.index("--lifecycle")
        lifecycle = json.load(open(args[i + 1]))
        del args[i:i + 2]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    endpoint, bucket, root = args
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testkey",
                      aws_secret_access_key="testsecret", config=Config(max_pool_connections=32))
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    files = []
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            files.append((p, os.path.relpath(p, root).replace(os.sep, "/")))

    def put(item):
        path, key = item
        with open(path, "rb") as f:
            s3.put_object(Bucket=bucket, Key=key, Body=f.read())

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(put, files))
    if lifecycle is not None:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=lifecycle)
    print(f"seeded s3://{bucket}: {len(files)} objects" + (", lifecycle set" if lifecycle else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

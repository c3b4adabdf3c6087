#!/usr/bin/env python3
"""Writes an S3 Inventory report of a bucket the way Amazon S3 lays one out (CSV, gzip, manifest.json with each
file's MD5), for tests and benchmarks: moto and MinIO do not generate inventories. flytrap itself never writes to
a bucket; this is the test harness's writer.

usage: s3-inventory.py ENDPOINT SOURCE_BUCKET DEST [--files N] [--skip-prefix P] [--created-ms MS] [--config-id ID]
                       [--from-dir DIR | --synthetic N] [--rows-per-file K]
  DEST is s3://bucket/prefix (uploaded to ENDPOINT) or a local folder. The objects are listed from ENDPOINT, or
  walked in DIR (a bucket served from disk), or made up (N keys in Flyte 2's layout, for scale benchmarks).
  The report goes to DEST/SOURCE_BUCKET/CONFIG_ID/YYYY-MM-DDTHH-MMZ/manifest.json, its data files to
  DEST/SOURCE_BUCKET/CONFIG_ID/data/<uuid>.csv.gz. --skip-prefix leaves keys under P out (a report filtered to
  another prefix). Rows go round-robin over the --files files (so one folder's keys land in several), or, with
  --rows-per-file, K consecutive rows per file as S3 writes them. Prints the manifest's location.
"""
import csv
import datetime
import gzip
import hashlib
import io
import json
import os
import sys
import time
import urllib.parse
import uuid

import boto3

SCHEMA = ["Bucket", "Key", "Size", "LastModifiedDate", "ETag", "StorageClass"]


def main() -> int:
    args = sys.argv[1:]
    opts = {"--files": "1", "--skip-prefix": None, "--created-ms": None, "--config-id": "flytrap-test", "--from-dir": None,
            "--synthetic": None, "--rows-per-file": None}
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = args[i + 1]
            del args[i:i + 2]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    endpoint, source, dest = args
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testkey",
                      aws_secret_access_key="testsecret")
    n = max(1, int(opts["--files"]))
    per_file = int(opts["--rows-per-file"]) if opts["--rows-per-file"] else None
    # Rows are written as they are listed, compressed in memory.
    buffers, texts, writers = [], [], []

    def new_file():
        b = io.BytesIO()
        t = io.TextIOWrapper(gzip.GzipFile(fileobj=b, mode="wb"), encoding="utf-8", newline="")
        buffers.append(b)
        texts.append(t)
        writers.append(csv.writer(t, quoting=csv.QUOTE_ALL, lineterminator="\n"))

    for _ in range(1 if per_file else n):
        new_file()

    def objects():
        if opts["--from-dir"]:
            root = opts["--from-dir"]
            for dirpath, _, names in os.walk(root):
                for name in sorted(names):
                    p = os.path.join(dirpath, name)
                    st = os.stat(p)
                    yield {"Key": os.path.relpath(p, root).replace(os.sep, "/"), "Size": st.st_size, "ETag": "",
                           "LastModified": datetime.datetime.fromtimestamp(st.st_mtime, datetime.timezone.utc)}
        elif opts["--synthetic"]:
            when = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
            for i in range(int(opts["--synthetic"])):
                run, rest = divmod(i, 12)
                action, f = divmod(rest, 3)
                name = ["inputs.pb", "outputs.pb", "report.html"][f]
                yield {"Key": f"metadata/v2/org/proj/development/r{run:08d}/a{action}/0/{name}", "Size": 1000 + i % 5000,
                       "ETag": "", "LastModified": when}
        else:
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=source):
                yield from page.get("Contents", [])

    for i, o in enumerate(objects()):
        if opts["--skip-prefix"] and o["Key"].startswith(opts["--skip-prefix"]):
            continue
        modified = o["LastModified"].strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if per_file and i > 0 and i % per_file == 0:
            new_file()
        # Keys are URL-encoded in CSV inventories.
        writers[-1 if per_file else i % n].writerow([source, urllib.parse.quote_plus(o["Key"], safe=""), str(o["Size"]), modified,
                                 o["ETag"].strip('"'), o.get("StorageClass", "STANDARD")])
    created_ms = int(opts["--created-ms"] or time.time() * 1000)
    stamp = time.strftime("%Y-%m-%dT%H-%MZ", time.gmtime(created_ms / 1000))
    for t in texts:
        t.close()
    dest_bucket, dest_prefix = None, dest.rstrip("/")
    if dest.startswith("s3://"):
        dest_bucket, _, dest_prefix = dest[5:].partition("/")
        try:
            s3.create_bucket(Bucket=dest_bucket)
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass
    base = "/".join(p for p in [dest_prefix, source, opts["--config-id"]] if p) if dest_bucket else None

    def put(key, body):
        if dest_bucket:
            s3.put_object(Bucket=dest_bucket, Key=key, Body=body)
        else:
            path = os.path.join(dest_prefix, key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(body)

    if not dest_bucket:
        base = "/".join([source, opts["--config-id"]])
    files = []
    for b in buffers:
        body = b.getvalue()
        key = f"{base}/data/{uuid.uuid4()}.csv.gz"
        put(key, body)
        files.append({"key": key, "size": len(body), "MD5checksum": hashlib.md5(body).hexdigest()})
    manifest = {
        "sourceBucket": source,
        "destinationBucket": f"arn:aws:s3:::{dest_bucket or 'local'}",
        "version": "2016-11-30",
        "creationTimestamp": str(created_ms),
        "fileFormat": "CSV",
        "fileSchema": ", ".join(SCHEMA),
        "files": files,
    }
    body = json.dumps(manifest, indent=2).encode()
    put(f"{base}/{stamp}/manifest.json", body)
    put(f"{base}/{stamp}/manifest.checksum", hashlib.md5(body).hexdigest().encode())
    where = f"s3://{dest_bucket}/{base}/{stamp}/manifest.json" if dest_bucket else os.path.join(dest_prefix, base, stamp, "manifest.json")
    print(where)
    return 0


if __name__ == "__main__":
    sys.exit(main())

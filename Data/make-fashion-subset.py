#!/usr/bin/env python3
"""Writes the Fashion-MNIST subset in this directory from the full IDX .gz files.

Usage: python3 make-fashion-subset.py SOURCE_DIR [TRAIN_COUNT TEST_COUNT]

Keeps the first TRAIN_COUNT (default 10000) training and TEST_COUNT (default 2000) test
examples, in order, with the standard file names. The gzip headers carry no name and time
stamp 0, so the output is byte-for-byte reproducible.
"""
import gzip
import os
import struct
import sys


def subset(source, target, count):
    with gzip.open(source, "rb") as f:
        data = f.read()
    magic, total = struct.unpack(">II", data[:8])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    row = 1
    for size in shape[1:]:
        row *= size
    assert count <= total, f"{source} has only {total} examples"
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * dims, count, *shape[1:])
    body = data[4 + 4 * dims:4 + 4 * dims + count * row]
    with open(target, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + body)


def main():
    source = sys.argv[1]
    train, test = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (10000, 2000)
    here = os.path.dirname(os.path.abspath(__file__))
    for prefix, count in (("train", train), ("t10k", test)):
        for kind in ("images-idx3", "labels-idx1"):
            name = f"{prefix}-{kind}-ubyte.gz"
            subset(os.path.join(source, name), os.path.join(here, name), count)


if __name__ == "__main__":
    main()

#!/bin/sh
# Downloads the binary versions of CIFAR-10 and CIFAR-100 and unpacks them into DIR:
#   DIR/cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin
#   DIR/cifar-100-binary/{train,test}.bin
# Usage: Data/fetch-cifar.sh DIR [cifar10|cifar100|both]   (default: both)
# Needs internet access and curl or wget. Load with CIFAR10.load(.train, from: "DIR").
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 DIR [cifar10|cifar100|both]" >&2
    exit 2
fi
dir=$1
which=${2:-both}
base=https://www.cs.toronto.edu/~kriz

fetch() {
    if command -v curl >/dev/null 2>&1; then
        curl -fL --retry 3 -o "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget -O "$2" "$1"
    else
        echo "$0: need curl or wget" >&2
        exit 1
    fi
}

get() {   # archive, folder it unpacks to
    if [ -d "$dir/$2" ]; then
        echo "$dir/$2 already exists; skipping"
        return
    fi
    fetch "$base/$1" "$dir/$1.part"
    mv "$dir/$1.part" "$dir/$1"
    tar -xzf "$dir/$1" -C "$dir"
    rm "$dir/$1"
    echo "unpacked $dir/$2"
}

mkdir -p "$dir"
case $which in
    cifar10) get cifar-10-binary.tar.gz cifar-10-batches-bin ;;
    cifar100) get cifar-100-binary.tar.gz cifar-100-binary ;;
    both)
        get cifar-10-binary.tar.gz cifar-10-batches-bin
        get cifar-100-binary.tar.gz cifar-100-binary
        ;;
    *) echo "$0: unknown data set '$which'" >&2; exit 2 ;;
esac

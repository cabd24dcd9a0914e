#!/bin/sh
# Remakes the checkpoint fixtures that FixtureCheckpointTests resume and load: run from the
# repository root as Tests/AdjointCommandLineTests/Fixtures/make-fixtures.sh. Only remake them
# on purpose (a deliberate change of the arithmetic or of the checkpoint format): the tests
# prove that the code of today resumes the checkpoints of the code that made them, byte for byte.
#
# The data: 8x8 images in the Fashion-MNIST file layout, class c lighting pixels 6c..6c+3 over
# a dim noisy background (as TrainCommandParts.writeSyntheticData), 300 training and 60 test
# images, so even the fc model trains in seconds in a debug build. The runs name the data by
# its path from the repository root, where `swift test` runs, so a resumed fixture finds it.
#
# For each kind, <kind>/run is the run folder after one epoch (for `resumed`, after one epoch
# and a `--resume` to epoch 2) and <kind>/straight.safetensors the checkpoint of the same run
# trained straight to one epoch more. The optimisers differ so that every kind of
# optimiser state is stored: fc sgd (no state, the smallest fc checkpoint: its 4x500 hidden
# layers cannot be made smaller by any option), two-layer adam, cnn momentum with the rest of
# its recipe (weight decay, label smoothing, augmentation, test-time flips) but the exponential
# schedule (a cosine one depends on the total epochs, so a run extended from 1 epoch to 2 is
# not the run trained for 2), resumed (tiny) rmsprop.
set -eu
here=Tests/AdjointCommandLineTests/Fixtures
[ -d "$here" ] || { echo "run from the repository root" >&2; exit 1; }
swift build -c release --product train
train=.build/release/train

rm -rf "$here/data" "$here/fc" "$here/two-layer" "$here/cnn" "$here/resumed"
grep -m1 '^flags' /proc/cpuinfo > "$here/cpu-flags.txt"
python3 - "$here/data" <<'PY'
import os, random, struct, sys
folder = sys.argv[1]
os.makedirs(folder)
rng = random.Random(31)
for prefix, count in (("train", 300), ("t10k", 60)):
    labels = [rng.randrange(10) for _ in range(count)]
    pixels = bytearray()
    for label in labels:
        image = [rng.randrange(60) for _ in range(64)]
        for i in range(6 * label, 6 * label + 4):
            image[i] = 255
        pixels += bytes(image)
    with open(f"{folder}/{prefix}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">iiii", 0x803, count, 8, 8) + pixels)
    with open(f"{folder}/{prefix}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">ii", 0x801, count) + bytes(labels))
PY

# make KIND EPOCHS OPTIONS...: <KIND>/run after 1 epoch, <KIND>/straight.safetensors after EPOCHS.
make() {
    kind=$1 epochs=$2; shift 2
    $train --data "$here/data" --batch-size 25 --seed 7 "$@" --epochs 1 --out "$here/$kind/run"
    $train --data "$here/data" --batch-size 25 --seed 7 "$@" --epochs "$epochs" --out "$here/$kind/straight"
    mv "$here/$kind/straight/model.safetensors" "$here/$kind/straight.safetensors"
    rm -rf "$here/$kind/straight"
}
make fc 2 --model fc --optimizer sgd --lr 1e-2
make two-layer 2 --model two-layer --optimizer adam --lr 1e-3
make cnn 2 --model cnn --optimizer momentum --lr 1e-2 --schedule exponential
make resumed 3 --model tiny --optimizer rmsprop --lr 1e-3
$train --resume "$here/resumed/run" --epochs 2

# Each run, resumed to the straight run's epochs in a copy, must give its bytes.
for kind in fc two-layer cnn resumed; do
    epochs=2; [ $kind = resumed ] && epochs=3
    copy=$(mktemp -d)
    cp -R "$here/$kind/run" "$copy/run"
    $train --resume "$copy/run" --epochs $epochs > /dev/null
    cmp "$copy/run/model.safetensors" "$here/$kind/straight.safetensors"
    rm -rf "$copy"
done
du -sh "$here"/*

#!/bin/sh
# Writes Data/words.txt: the lowercase words of 1 to 15 letters a-z of Debian's wamerican
# (SCOWL, see LICENSE-words), in its order. 15 letters keep a word and its end mark within
# the character models' context of 16.
set -eu
grep -E '^[a-z]{1,15}$' "${1:-/usr/share/dict/american-english}" > "$(dirname "$0")/words.txt"

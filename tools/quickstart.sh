#!/bin/sh
# tools/quickstart.sh: on a fresh Debian bookworm machine, as root: install
# the build dependencies, build and install phone, and run the demo on a
# throwaway PostgreSQL server.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
make
make install
demo/run.sh

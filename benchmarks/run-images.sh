#!/bin/sh
# Runs the image-pipeline benchmark (issue 14) and writes results/images.md: decode + augment
# images/s with 1 and 2 background threads against the training images/s of the MNIST GAP and
# NIN-CIFAR networks. Build first (from the repository root): mvn -B -q install -DskipTests
# Options: --quick (smoke run), --out DIR. Run it on an idle machine.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if [ ! -f target/classpath.txt ] || [ ! -d target/classes ]; then
  echo "run-images.sh: build first: (cd .. && mvn -B -q install -DskipTests)" >&2
  exit 1
fi
exec java -Xmx1g -cp "$here/target/classes:$(cat target/classpath.txt)" \
  io.annet.benchmarks.ImagePipelineBenchmark "$@"

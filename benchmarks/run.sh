#!/bin/sh
# Runs the Annet / DL4J / PyTorch / ONNX Runtime benchmark and writes results/latest.md and results/latest.png.
# Build first (from the repository root): mvn -B -q install -DskipTests
# Options are passed on: --quick (smoke run), --rounds N, --threads N, --frameworks A,B,
# --workloads A,B, --out DIR. Run it on an idle machine; figures from a busy one mean nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if [ ! -f target/classpath.txt ] || [ ! -d target/classes ]; then
  echo "run.sh: build first: (cd .. && mvn -B -q install -DskipTests)" >&2
  exit 1
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
exec java -Xmx1g -Dannet.commit="$commit" \
  -cp "$here/target/classes:$(cat target/classpath.txt)" \
  io.annet.benchmarks.BenchmarkMain \
  --shipped-native "$here/target/dl4j-shipped/nd4j-native-1.0.0-M2.1-linux-x86_64.jar" "$@"

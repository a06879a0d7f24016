#!/usr/bin/env bash
# Runs every test: the Swift suites (unit, route and end-to-end tests over real sockets) and the
# conformance suite that drives the real binaries with the official OpenAI Python SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# The suite's wall time, printed however it ends.
trap 'echo "==> test suite wall time: $((SECONDS - started)) s (build included)"' EXIT

echo "==> building (debug, with tests)"
swift build --build-tests

built=$SECONDS
# The store suite and the multi-instance tests run against a real PostgreSQL server of their own.
echo "==> starting a throwaway PostgreSQL server (scripts/test-postgres.sh)"
SWITCHBOARD_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start)
export SWITCHBOARD_TEST_POSTGRES_URL
trap 'scripts/test-postgres.sh stop; echo "==> test suite wall time: $((SECONDS - started)) s (build included)"' EXIT
echo "==> Swift tests"
swift test --skip-build --skip MemoryGrowthTests --skip PoolLoadTests

# The fairness measurements time real clients against the real binary, so they run alone.
echo "==> Swift pool load tests (run alone)"
swift test --skip-build --filter PoolLoadTests

# The heap guard reads the whole process's heap, so it runs alone.
echo "==> Swift memory guard (run alone)"
swift test --skip-build --filter MemoryGrowthTests

echo "==> OpenAI SDK conformance tests"
if [ ! -x .venv/bin/pytest ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r tests/conformance/requirements.txt
fi
.venv/bin/pytest tests/conformance -q

echo "==> demo evaluation (switchboard eval; report in .build/eval/demo-report.html)"
scripts/eval-demo.sh
echo "==> tests alone (without the build): $((SECONDS - built)) s"

#!/usr/bin/env bash
# The whole suite: lint, types, tests on SQLite, then the same tests on PostgreSQL when a server is at hand.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff"
$BIN/ruff check src tests bench
$BIN/ruff format --check src tests bench
echo "== mypy"
$BIN/mypy

echo "== pytest (SQLite)"
FFP_DATABASE_URL= $BIN/pytest -n 2 --dist loadfile -m "not postgresql_only"

pg_url="$(scripts/pg-test-url || true)"
if [ -n "$pg_url" ]; then
  echo "== pytest (PostgreSQL; browser journeys, Spark parity and SQLite query plans ran above)"
  FFP_DATABASE_URL="$pg_url" $BIN/pytest -n 2 --dist loadfile -m "not e2e and not sqlite_only and not spark"
else
  echo "跳过 PostgreSQL 测试：本机没有可用的 PostgreSQL 服务器（设置 FFP_TEST_PG_URL，或以 root 安装 postgresql 后重试）"
  if [ "${CI:-}" = "true" ]; then
    echo "CI 中不允许跳过 PostgreSQL 测试" >&2
    exit 1
  fi
fi

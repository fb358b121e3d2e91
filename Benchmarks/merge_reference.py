#!/usr/bin/env python3
"""The reference for `plexus merge`'s speed: SQLite's own row copy of the same
database, with nothing else done.

Usage: merge_reference.py SHARD.sqlite OUT.sqlite

Creates OUT with SHARD's schema (WAL, synchronous=NORMAL, as plexus writes),
attaches SHARD read-only and copies every table with one
INSERT ... SELECT per table in one transaction, adding an offset of 0 to
cell_id so that SQLite decodes and re-encodes each row as a merge must (a
plain SELECT * into an empty table would be copied page by page, which a merge
into a non-empty database cannot do). No foreign-key checks, no skipping of
stored videos, no id remapping of runs, videos or cells: the bound a row copy
gives on this machine. Prints {"seconds": copy and commit, "bytes": SHARD's size}.
"""
import json
import os
import sqlite3
import sys
import time

shard, out = sys.argv[1], sys.argv[2]
for suffix in ("", "-wal", "-shm", "-journal"):
    try:
        os.remove(out + suffix)
    except FileNotFoundError:
        pass
source = sqlite3.connect(f"file:{shard}?mode=ro", uri=True)
ddl = [row[0] for row in source.execute(
    "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND type IN ('table', 'index')")]
tables = [row[0] for row in source.execute(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
source.close()

target = sqlite3.connect(out, isolation_level=None)
target.execute("PRAGMA journal_mode = WAL")
target.execute("PRAGMA synchronous = NORMAL")
for statement in ddl:
    target.execute(statement)
target.execute("ATTACH DATABASE ? AS shard", (f"file:{shard}?mode=ro",))
start = time.perf_counter()
target.execute("BEGIN")
for table in tables:
    columns = [row[1] for row in target.execute(f"SELECT * FROM pragma_table_info('{table}', 'main')")]
    values = ", ".join(f"{c} + 0" if c == "cell_id" else c for c in columns)
    target.execute(f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {values} FROM shard.{table}")
target.execute("COMMIT")
target.close()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "bytes": os.path.getsize(shard)}))

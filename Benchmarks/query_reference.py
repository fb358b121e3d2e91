#!/usr/bin/env python3
"""The query tool's reference: the Laplacian gradient and the centrality drift
of one cell computed in Python with pandas and networkx, reading the same
database `plexus query` reads. Used by `make bench` (PlexusBenchmarks), which
times both side by side and compares the values.

    python3 Benchmarks/query_reference.py DB CELL_ID OUT.json

Needs numpy, scipy, pandas and networkx.
"""
import json
import sqlite3
import sys
import time

import networkx as nx
import numpy as np
import pandas as pd
from scipy.stats import spearmanr


def laplacian_gradient(connection, cell):
    frames = pd.read_sql_query(
        "SELECT t, COALESCE(time_s, t) AS time FROM frame WHERE cell_id = ? AND status = 'fitted' ORDER BY t",
        connection, params=(cell,))
    edges = pd.read_sql_query("SELECT t, src, dst, weight FROM edge WHERE cell_id = ?", connection, params=(cell,))
    k = int(max(edges.src.max(), edges.dst.max())) + 1
    by_frame = dict(tuple(edges.groupby("t")))
    previous = None
    result = []
    for t, time_ in zip(frames.t, frames.time):
        graph = nx.DiGraph()
        graph.add_nodes_from(range(k))
        group = by_frame.get(t)
        if group is not None:
            graph.add_weighted_edges_from(zip(group.src, group.dst, group.weight))
        w = nx.to_numpy_array(graph, nodelist=range(k), weight="weight")
        symmetric = nx.from_numpy_array((w + w.T) / 2)
        laplacian = nx.laplacian_matrix(symmetric, nodelist=range(k), weight="weight").toarray()
        if previous is not None:
            result.append((int(previous[0]), int(t), float(np.linalg.norm(laplacian - previous[2]) / (time_ - previous[1]))))
        previous = (t, time_, laplacian)
    return result


def centrality_drift(connection, cell):
    rows = pd.read_sql_query("""
        SELECT f.t, COALESCE(f.time_s, f.t) AS time, e.src, e.dst, e.weight
        FROM frame f JOIN edge e ON e.cell_id = f.cell_id AND e.t = f.t
        WHERE f.cell_id = ? AND f.status = 'fitted'""", connection, params=(cell,))
    k = int(max(rows.src.max(), rows.dst.max())) + 1
    times, vectors = [], []
    for (t, time_), group in rows.groupby(["t", "time"]):
        w = np.zeros((k, k))
        np.add.at(w, (group.src.to_numpy(), group.dst.to_numpy()), group.weight.to_numpy())
        graph = nx.from_numpy_array((w + w.T) / 2)
        centrality = nx.eigenvector_centrality_numpy(graph, weight="weight")
        times.append(time_)
        vectors.append([centrality[i] for i in range(k)])
    vectors = np.array(vectors)
    slopes = [np.polyfit(times, vectors[:, i], 1)[0] for i in range(k)]
    correlations = [spearmanr(vectors[0], v).statistic for v in vectors]
    return {"mean_abs_slope": float(np.mean(np.abs(slopes))), "mean_spearman_with_first": float(np.mean(correlations))}


def main():
    path, cell, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    start = time.perf_counter()
    gradient = laplacian_gradient(connection, cell)
    gradient_seconds = time.perf_counter() - start
    start = time.perf_counter()
    drift = centrality_drift(connection, cell)
    drift_seconds = time.perf_counter() - start
    with open(out, "w") as f:
        json.dump({"gradient_seconds": gradient_seconds, "gradient": gradient,
                   "drift_seconds": drift_seconds, "drift": drift}, f)


if __name__ == "__main__":
    main()

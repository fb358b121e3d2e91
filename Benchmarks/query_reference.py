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
    """Per frame, the leading eigenvector of W_s over the frame's live nodes
    (components may be born and die), signed to sum positive, unit norm; per
    node the least-squares slope over the frames it lives in; per frame the
    Spearman correlation with the first frame over the union of the two
    frames' nodes, an absent node counting 0 (the query's definitions)."""
    nodes = pd.read_sql_query("""
        SELECT n.t, COALESCE(f.time_s, f.t) AS time, n.k
        FROM node_metric n JOIN frame f ON f.cell_id = n.cell_id AND f.t = n.t
        WHERE n.cell_id = ? AND f.status = 'fitted'""", connection, params=(cell,))
    edges = pd.read_sql_query("SELECT t, src, dst, weight FROM edge WHERE cell_id = ?", connection, params=(cell,))
    by_frame = dict(tuple(edges.groupby("t")))
    series = {}
    frames = []
    for (t, time_), group in nodes.groupby(["t", "time"]):
        live = sorted(group.k)
        index = {k: i for i, k in enumerate(live)}
        edge_rows = by_frame.get(t)
        if edge_rows is None or len(live) < 2:
            continue
        w = np.zeros((len(live), len(live)))
        np.add.at(w, ([index[s] for s in edge_rows.src], [index[d] for d in edge_rows.dst]), edge_rows.weight.to_numpy())
        graph = nx.from_numpy_array((w + w.T) / 2)
        symmetric = nx.to_numpy_array(graph, weight="weight")
        values, vectors = np.linalg.eigh(symmetric)
        vector = vectors[:, -1]
        if vector.sum() < 0:
            vector = -vector
        vector = vector / np.linalg.norm(vector)
        centrality = dict(zip(live, vector))
        frames.append((t, centrality))
        for k, value in centrality.items():
            series.setdefault(k, []).append((time_, value))
    slopes = [np.polyfit(*zip(*points), 1)[0] for points in series.values() if len(points) >= 2]
    first = frames[0][1]
    correlations = []
    for _, centrality in frames:
        union = sorted(set(first) | set(centrality))
        correlations.append(spearmanr([first.get(k, 0.0) for k in union], [centrality.get(k, 0.0) for k in union]).statistic)
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

#!/usr/bin/env python3
"""Reference values for PlexusGraph's node metrics and spectra, from networkx and numpy.

Builds six seeded weighted directed graphs (no self-loops) and records, for each:
- networkx `pagerank` of the directed graph (alpha 0.85, weight 'weight',
  tol 1e-12, max_iter 10000; dangling nodes jump uniformly, as in Plexus);
- networkx `eigenvector_centrality_numpy` of the undirected graph whose edge
  weights are W_s = (W + Wᵀ)/2 (sign so the sum is positive, unit L2 norm, as
  in Plexus). networkx refuses disconnected graphs (AmbiguousSolution), so for
  the disconnected graph it is run on the component holding the simple largest
  eigenvalue of W_s, and the other nodes get 0: that is the leading eigenvector
  of the whole W_s, unique because the script checks the eigenvalue is simple;
- numpy `eigvalsh` of L = D − W_s and of L_n = I − D^-1/2 W_s D^-1/2 (isolated
  nodes: a row of zeros), ascending.

    python3 Benchmarks/networkx_fixtures.py

writes Tests/PlexusGraphTests/Fixtures/networkx.json, read by
NetworkxAgreementTests.swift. Needs numpy and networkx (scipy for networkx).
Weights are rounded to 4 decimals, so that their JSON text is the exact number
used here and in the Swift test. Everything is seeded, but the centralities
change in the last digit or two (≤ 1e-15) from run to run: scipy's ARPACK,
under eigenvector_centrality_numpy, starts from a random vector.
"""
import json
import os

import networkx as nx
import numpy as np

SCRIPT = "Benchmarks/networkx_fixtures.py"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "Tests", "PlexusGraphTests", "Fixtures", "networkx.json")


def random_weights(rng, n, density, low=0.05, high=1.0):
    w = rng.uniform(low, high, size=(n, n)) * (rng.uniform(size=(n, n)) < density)
    np.fill_diagonal(w, 0.0)
    return np.round(w, 4)


def connected_weights(rng, n, density):
    """Random sparse W whose symmetrised graph is connected (a random spanning
    path in one direction guarantees it)."""
    w = random_weights(rng, n, density)
    order = rng.permutation(n)
    for a, b in zip(order[:-1], order[1:]):
        if w[a, b] == 0 and w[b, a] == 0:
            w[a, b] = np.round(rng.uniform(0.05, 1.0), 4)
    return w


def graphs():
    rng = np.random.default_rng(20240611)
    out = []
    out.append(("small-5", connected_weights(rng, 5, 0.4)))
    out.append(("sparse-12", connected_weights(rng, 12, 0.25)))
    # A dangling node: node 3 has in-edges but no out-edges.
    w = connected_weights(rng, 10, 0.3)
    w[3, :] = 0.0
    for j in (1, 6):  # keep it attached through in-edges
        w[j, 3] = np.round(rng.uniform(0.2, 1.0), 4)
    out.append(("dangling-10", w))
    # Disconnected: a dense, heavy component of 9 nodes, a light sparse one of 6,
    # and one isolated node; the top eigenvalue of W_s is the heavy block's.
    n = 16
    w = np.zeros((n, n))
    w[:9, :9] = connected_weights(rng, 9, 0.7)
    light = connected_weights(rng, 6, 0.3)
    w[9:15, 9:15] = np.round(light * 0.3, 4)
    out.append(("disconnected-16", w))
    # Complete: every off-diagonal weight positive.
    w = np.round(rng.uniform(0.05, 1.0, size=(8, 8)), 4)
    np.fill_diagonal(w, 0.0)
    out.append(("complete-8", w))
    out.append(("sparse-30", connected_weights(rng, 30, 0.12)))
    return out


def laplacians(w):
    s = (w + w.T) / 2
    degree = s.sum(axis=1)
    lap = np.diag(degree) - s
    inv_sqrt = np.where(degree > 0, 1 / np.sqrt(np.where(degree > 0, degree, 1)), 0.0)
    norm = np.diag((degree > 0).astype(float)) - inv_sqrt[:, None] * s * inv_sqrt[None, :]
    return s, lap, norm


def analyse(name, w):
    n = w.shape[0]
    s, lap, norm = laplacians(w)

    directed = nx.DiGraph()
    directed.add_nodes_from(range(n))
    for i in range(n):
        for j in range(n):
            if w[i, j] > 0:
                directed.add_edge(i, j, weight=float(w[i, j]))
    pr = nx.pagerank(directed, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000)

    undirected = nx.Graph()
    undirected.add_nodes_from(range(n))
    for i in range(n):
        for j in range(i + 1, n):
            if s[i, j] > 0:
                undirected.add_edge(i, j, weight=float(s[i, j]))
    components = [sorted(c) for c in nx.connected_components(undirected)]
    centrality = [0.0] * n
    if len(components) == 1:
        ec = nx.eigenvector_centrality_numpy(undirected, weight="weight")
        centrality = [ec[i] for i in range(n)]
        method = "eigenvector_centrality_numpy on the whole graph"
    else:
        # The component whose adjacency has the largest eigenvalue; that
        # eigenvalue must be simple in the whole W_s.
        tops = [np.linalg.eigvalsh(s[np.ix_(c, c)])[-1] for c in components]
        order = np.argsort(tops)[::-1]
        assert tops[order[0]] - tops[order[1]] > 1e-2, "top eigenvalue of W_s is not simple"
        values = np.linalg.eigvalsh(s)
        assert values[-1] - values[-2] > 1e-2, "top eigenvalue of W_s is not simple"
        dominant = components[order[0]]
        ec = nx.eigenvector_centrality_numpy(undirected.subgraph(dominant), weight="weight")
        for i in dominant:
            centrality[i] = ec[i]
        method = ("eigenvector_centrality_numpy on the component with the simple "
                  "largest eigenvalue of W_s, 0 elsewhere")

    return {
        "name": name,
        "size": n,
        "weights": w.tolist(),
        "components": len(components),
        "pagerank": [pr[i] for i in range(n)],
        "eigenvector_centrality": centrality,
        "centrality_method": method,
        "laplacian_spectrum": np.linalg.eigvalsh(lap).tolist(),
        "normalized_spectrum": np.linalg.eigvalsh(norm).tolist(),
    }


def main():
    records = [analyse(name, w) for name, w in graphs()]
    document = {
        "script": SCRIPT,
        "networkx_version": nx.__version__,
        "numpy_version": np.__version__,
        "pagerank": {"alpha": 0.85, "tol": 1e-12, "max_iter": 10000},
        "graphs": records,
    }
    with open(OUT, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    for r in records:
        print(f"{r['name']}: {r['size']} nodes, {r['components']} component(s)")
    print(f"wrote {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()

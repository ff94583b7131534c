"""Topic hierarchy: agglomerative (average-linkage, cosine) clustering of the topics of a fitted model.

Each topic is described by its centroid in the reducer's space concatenated with its L2-normalized c-TF-IDF
row, so topics that are close in meaning *and* share words merge first.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from nlp_social.topics.cluster import _l2
from nlp_social.topics.represent import ctfidf


def topic_vectors(model: Any) -> tuple[list[int], np.ndarray]:
    ids = [t for t in model.topic_ids_ if t >= 0]
    rows = [model.topic_ids_.index(t) for t in ids]
    words = _l2(ctfidf(model.topic_term_counts_).toarray()[rows])
    return ids, np.hstack([model.centroids_[ids], words]).astype(np.float64)


def hierarchical_topics(model: Any) -> pd.DataFrame:
    """Merge steps as rows ``Parent_ID, Parent_Name, Topics, Child_Left_ID, Child_Right_ID, Distance``.

    Parent ids continue after the last topic id (scipy linkage numbering); ``df.attrs["linkage"]`` holds the
    scipy linkage matrix (for ``scipy.cluster.hierarchy.dendrogram``) and ``df.attrs["topic_ids"]`` its leaves.
    """
    from scipy.cluster.hierarchy import linkage

    ids, V = topic_vectors(model)
    if len(ids) < 2:
        df = pd.DataFrame(columns=["Parent_ID", "Parent_Name", "Topics", "Child_Left_ID", "Child_Right_ID",
                                   "Distance"])
        df.attrs.update({"linkage": np.zeros((0, 4)), "topic_ids": ids})
        return df
    Z = linkage(V, method="average", metric="cosine")
    members: dict[int, list[int]] = {i: [ids[i]] for i in range(len(ids))}
    rows = []
    for step, (a, b, dist, _) in enumerate(Z):
        a, b = int(a), int(b)
        pid = len(ids) + step
        members[pid] = sorted(members[a] + members[b])
        # name the parent after the words of its biggest topic pair
        biggest = sorted(members[pid], key=lambda t: -model.topic_sizes_.get(t, 0))[:2]
        name = "_".join(w for t in biggest for w in model.topic_repr_[t]["words"][:2])
        left = ids[a] if a < len(ids) else a
        right = ids[b] if b < len(ids) else b
        rows.append({"Parent_ID": pid, "Parent_Name": name, "Topics": members[pid], "Child_Left_ID": left,
                     "Child_Right_ID": right, "Distance": float(dist)})
    df = pd.DataFrame(rows)
    df.attrs.update({"linkage": Z, "topic_ids": ids})
    return df

namespace YuLanData.Filters.Dedup;

/// <summary>
/// Star (center) clustering over verified near-duplicate edges: documents are visited in quality order (best
/// first); a document with an edge to an already chosen center is assigned to that center and removed, any other
/// document becomes a center and is kept. Every removed document therefore has an edge, that is a verified
/// similarity at or above the threshold, to a kept document, unlike union-find, whose transitive chains can remove
/// a document far from the one copy its cluster keeps.
/// </summary>
public static class CenterClustering
{
    /// <summary>Assigns every node to a center.</summary>
    /// <param name="nodes">Number of nodes (0..nodes-1).</param>
    /// <param name="edges">Undirected verified edges (node, node, similarity); repeats are harmless.</param>
    /// <param name="order">Every node once, best first: the order in which nodes become centers.</param>
    /// <param name="forcedCenter">Nodes that are centers whatever their edges (e.g. documents of a reference corpus
    /// that are never removed); null for none.</param>
    /// <returns>For each node, its center: itself for a center, else the adjacent center of highest similarity (ties
    /// to the center earlier in <paramref name="order"/>).</returns>
    public static int[] Assign(int nodes, IReadOnlyList<(int A, int B, float Similarity)> edges, IReadOnlyList<int> order, Func<int, bool>? forcedCenter = null)
    {
        if (order.Count != nodes)
            throw new ArgumentException($"order has {order.Count} nodes, expected {nodes}", nameof(order));
        // Adjacency in CSR form.
        var start = new int[nodes + 1];
        foreach (var (a, b, _) in edges)
        {
            start[a + 1]++;
            start[b + 1]++;
        }
        for (int i = 0; i < nodes; i++)
            start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var neighbor = new int[start[nodes]];
        var similarity = new float[start[nodes]];
        foreach (var (a, b, s) in edges)
        {
            neighbor[fill[a]] = b;
            similarity[fill[a]++] = s;
            neighbor[fill[b]] = a;
            similarity[fill[b]++] = s;
        }

        var rank = new int[nodes];
        Array.Fill(rank, -1);
        for (int r = 0; r < nodes; r++)
        {
            if (rank[order[r]] >= 0)
                throw new ArgumentException($"node {order[r]} appears twice in the order", nameof(order));
            rank[order[r]] = r;
        }
        var center = new int[nodes];
        Array.Fill(center, -1);
        if (forcedCenter != null)
            for (int v = 0; v < nodes; v++)
                if (forcedCenter(v))
                    center[v] = v;
        foreach (int v in order)
        {
            if (center[v] == v)
                continue;
            int best = -1;
            float bestSimilarity = 0;
            for (int k = start[v]; k < start[v + 1]; k++)
            {
                int u = neighbor[k];
                if (center[u] != u)
                    continue;
                if (best < 0 || similarity[k] > bestSimilarity || (similarity[k] == bestSimilarity && rank[u] < rank[best]))
                {
                    best = u;
                    bestSimilarity = similarity[k];
                }
            }
            center[v] = best < 0 ? v : best;
        }
        return center;
    }
}

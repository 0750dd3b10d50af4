using YuLanData.Filters.Dedup;

namespace YuLanData.Filters.Tests.Dedup;

public class CenterClusteringTests
{
    private static readonly (int, int, float)[] Chain = [(0, 1, 0.85f), (1, 2, 0.85f)]; // 0 ~ 1 ~ 2, but 0 and 2 are not similar

    [Fact]
    public void A_chain_does_not_remove_its_far_end_when_the_best_document_is_at_the_other_end()
    {
        // Union-find puts all three in one cluster: keeping 0 would remove 2, which is not similar to 0.
        var sets = new UnionFind();
        for (int i = 0; i < 3; i++)
            sets.Add();
        foreach (var (a, b, _) in Chain)
            sets.Union(a, b);
        Assert.Equal(sets.Find(0), sets.Find(2));

        var center = CenterClustering.Assign(3, Chain, [0, 1, 2]);
        Assert.Equal([0, 0, 2], center);
    }

    [Fact]
    public void The_middle_of_a_chain_taken_first_absorbs_both_ends()
    {
        Assert.Equal([1, 1, 1], CenterClustering.Assign(3, Chain, [1, 0, 2]));
    }

    [Fact]
    public void A_document_goes_to_its_most_similar_center_and_ties_go_to_the_better_center()
    {
        (int, int, float)[] edges = [(0, 2, 0.81f), (1, 2, 0.95f), (3, 5, 0.9f), (4, 5, 0.9f)];
        // 0, 1 are not adjacent: both centers; 2 goes to 1 (more similar). 3 and 4 tie for 5: the earlier in order wins.
        var center = CenterClustering.Assign(6, edges, [0, 1, 4, 3, 2, 5]);
        Assert.Equal([0, 1, 1, 3, 4, 4], center);
    }

    [Fact]
    public void Forced_centers_are_kept_and_absorb_their_neighbours_whatever_the_order()
    {
        (int, int, float)[] edges = [(0, 1, 0.9f), (1, 2, 0.9f)];
        var center = CenterClustering.Assign(3, edges, [1, 0, 2], forcedCenter: v => v == 0 || v == 2);
        Assert.Equal([0, 0, 2], center);
    }

    [Fact]
    public void On_random_graphs_every_removed_node_is_adjacent_to_a_kept_center_and_no_two_centers_are_adjacent()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = random.Next(2, 300);
            var edges = new List<(int, int, float)>();
            var adjacent = new HashSet<(int, int)>();
            for (int e = random.Next(n * 3); e > 0; e--)
            {
                int a = random.Next(n), b = random.Next(n);
                if (a == b)
                    continue;
                edges.Add((a, b, 0.8f + 0.2f * (float)random.NextDouble()));
                adjacent.Add((a, b));
                adjacent.Add((b, a));
            }
            var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToList();
            var center = CenterClustering.Assign(n, edges, order);
            for (int v = 0; v < n; v++)
            {
                if (center[v] == v)
                    continue;
                Assert.Equal(center[v], center[center[v]]);
                Assert.Contains((v, center[v]), adjacent);
            }
            for (int v = 0; v < n; v++)
                for (int u = 0; u < n; u++)
                    Assert.False(center[v] == v && center[u] == u && adjacent.Contains((u, v)), $"centers {u} and {v} are adjacent");
        }
    }

    [Fact]
    public void An_order_that_is_not_a_permutation_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CenterClustering.Assign(3, Chain, [0, 1, 1]));
        Assert.Throws<ArgumentException>(() => CenterClustering.Assign(3, Chain, [0, 1]));
    }
}

namespace YuLanData.Filters.FastText;

/// <summary>
/// The binary tree of fastText's hierarchical softmax, built from label counts exactly as fastText
/// builds it (labels sorted by decreasing count, two-queue Huffman merge). Leaves 0..n-1 are labels;
/// inner node i uses output row i - n.
/// </summary>
internal sealed class HuffmanTree
{
    public HuffmanTree(ReadOnlySpan<long> counts)
    {
        int osz = counts.Length;
        if (osz < 1)
            throw new ArgumentException("hierarchical softmax needs at least one label", nameof(counts));
        LeafCount = osz;
        int nodes = 2 * osz - 1;
        Left = new int[nodes];
        Right = new int[nodes];
        var parent = new int[nodes];
        var count = new long[nodes];
        var binary = new bool[nodes];
        Array.Fill(Left, -1);
        Array.Fill(Right, -1);
        Array.Fill(parent, -1);
        Array.Fill(count, (long)1e15);
        for (int i = 0; i < osz; i++)
            count[i] = counts[i];
        int leaf = osz - 1;
        int node = osz;
        Span<int> mini = stackalloc int[2];
        for (int i = osz; i < nodes; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                if (leaf >= 0 && count[leaf] < count[node])
                    mini[j] = leaf--;
                else
                    mini[j] = node++;
            }
            Left[i] = mini[0];
            Right[i] = mini[1];
            count[i] = count[mini[0]] + count[mini[1]];
            parent[mini[0]] = i;
            parent[mini[1]] = i;
            binary[mini[1]] = true;
        }
        Paths = new int[osz][];
        Codes = new bool[osz][];
        for (int i = 0; i < osz; i++)
        {
            var path = new List<int>();
            var code = new List<bool>();
            int j = i;
            while (parent[j] != -1)
            {
                path.Add(parent[j] - osz);
                code.Add(binary[j]);
                j = parent[j];
            }
            Paths[i] = path.ToArray();
            Codes[i] = code.ToArray();
        }
    }

    /// <summary>Number of labels (leaves).</summary>
    public int LeafCount { get; }

    /// <summary>The root node index (2n - 2).</summary>
    public int Root => 2 * LeafCount - 2;

    public int[] Left { get; }

    public int[] Right { get; }

    /// <summary>For each label: the output rows of the inner nodes from the leaf up to the root.</summary>
    public int[][] Paths { get; }

    /// <summary>For each label: the branch taken at each node of <see cref="Paths"/> (true = right).</summary>
    public bool[][] Codes { get; }
}

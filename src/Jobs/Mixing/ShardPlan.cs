namespace YuLanData.Jobs.Mixing;

/// <summary>
/// One output shard: a contiguous stretch of a phase's training order. Shard numbers run across phases, so
/// reading shards in name order is training order.
/// </summary>
/// <param name="Number">Global shard number (file <c>splitted_part-{Number:0000}</c>).</param>
/// <param name="Phase">Phase index.</param>
/// <param name="FirstDocument">First entry of the phase order in this shard.</param>
/// <param name="EndDocument">One past the last entry (packed: the last entry may continue in the next shard).</param>
/// <param name="FirstToken">Packed only: offset of the shard in the phase's concatenated token stream.</param>
/// <param name="Rows">Packed only: rows in this shard.</param>
/// <param name="FirstDocumentStart">Packed only: offset of <paramref name="FirstDocument"/>'s first token in the phase stream.</param>
public sealed record ShardPlan(int Number, int Phase, int FirstDocument, int EndDocument, long FirstToken, int Rows, long FirstDocumentStart = 0)
{
    public string BaseName => $"splitted_part-{Number:0000}";

    /// <summary>Cuts every phase into shards: whole documents up to <paramref name="shardTokens"/> each, or packed rows.</summary>
    public static List<ShardPlan> Plan(MixSelection selection, long shardTokens)
    {
        var plans = new List<ShardPlan>();
        for (int p = 0; p < selection.Phases.Count; p++)
        {
            var phase = selection.Phases[p];
            var order = phase.Order;
            if (phase.Phase.Format == ShardFormat.Packed)
            {
                int len = phase.Phase.SequenceLength;
                var ends = new long[order.Length]; // cumulative end offset of each document in the stream
                long total = 0;
                for (int i = 0; i < order.Length; i++)
                    ends[i] = total += Tokens(selection, order[i]);
                long rows = (total + len - 1) / len;
                long rowsPerShard = Math.Max(1, shardTokens / len);
                for (long r = 0; r < rows; r += rowsPerShard)
                {
                    long first = r * len;
                    long end = Math.Min(total, (r + rowsPerShard) * len);
                    int firstDoc = UpperBound(ends, first);
                    int endDoc = UpperBound(ends, end - 1) + 1;
                    plans.Add(new ShardPlan(plans.Count, p, firstDoc, endDoc, first, (int)Math.Min(rowsPerShard, rows - r),
                        firstDoc == 0 ? 0 : ends[firstDoc - 1]));
                }
            }
            else
            {
                int start = 0;
                long tokens = 0;
                for (int i = 0; i < order.Length; i++)
                {
                    tokens += Tokens(selection, order[i]);
                    if (tokens >= shardTokens || i == order.Length - 1)
                    {
                        plans.Add(new ShardPlan(plans.Count, p, start, i + 1, 0, 0));
                        start = i + 1;
                        tokens = 0;
                    }
                }
            }
        }
        return plans;
    }

    private static long Tokens(MixSelection s, SelectedDocument d) => s.Sources[d.Source].Documents[d.Document].Tokens;

    /// <summary>First index whose cumulative end exceeds <paramref name="offset"/>.</summary>
    private static int UpperBound(long[] ends, long offset)
    {
        int lo = 0, hi = ends.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > offset)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }
}

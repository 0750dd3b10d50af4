using Parquet;
using Parquet.Schema;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// Writes token rows to Parquet: a required <c>input_ids</c> list&lt;int32&gt; column (and <c>position_ids</c> for
/// packed rows), one row per document or packed sequence, flushing a row group every <c>rowGroupTokens</c> tokens.
/// </summary>
public sealed class TokenShardWriter : IDisposable
{
    /// <summary>The element field of <c>input_ids</c>.</summary>
    public static readonly DataField InputIdsElement = new("element", typeof(int), isNullable: false);

    /// <summary>The element field of <c>position_ids</c>.</summary>
    public static readonly DataField PositionIdsElement = new("element", typeof(int), isNullable: false);

    /// <summary>The element field of <c>loss_mask</c> (packed shards: 1 for a document token, 0 for padding).</summary>
    public static readonly DataField LossMaskElement = new("element", typeof(int), isNullable: false);

    private readonly FileStream _file;
    private readonly ParquetWriter _writer;
    private readonly bool _positions;
    private readonly bool _lossMask;
    private readonly List<int> _mask = [];
    private readonly int _rowGroupTokens;
    private readonly List<int> _ids = [];
    private readonly List<int> _pos = [];
    private readonly List<int> _rep = [];

    /// <summary>The Parquet schema of token shards.</summary>
    /// <param name="withPositions">Include <c>position_ids</c> (packed shards).</param>
    /// <param name="withLossMask">Include <c>loss_mask</c> (packed shards, with positions).</param>
    public static ParquetSchema Schema(bool withPositions, bool withLossMask = false) => withPositions
        ? withLossMask
            ? new ParquetSchema(new ListField("input_ids", InputIdsElement), new ListField("position_ids", PositionIdsElement), new ListField("loss_mask", LossMaskElement))
            : new ParquetSchema(new ListField("input_ids", InputIdsElement), new ListField("position_ids", PositionIdsElement))
        : new ParquetSchema(new ListField("input_ids", InputIdsElement));

    /// <param name="path">File to create.</param>
    /// <param name="withPositions">Write <c>position_ids</c> beside <c>input_ids</c>.</param>
    /// <param name="rowGroupTokens">Tokens buffered before a row group is written.</param>
    /// <param name="withLossMask">Write <c>loss_mask</c> beside the positions (requires <paramref name="withPositions"/>).</param>
    public TokenShardWriter(string path, bool withPositions, int rowGroupTokens = 1 << 20, bool withLossMask = false)
    {
        if (withLossMask && !withPositions) throw new ArgumentException("loss_mask is written for packed shards, with position_ids", nameof(withLossMask));
        _positions = withPositions;
        _lossMask = withLossMask;
        _rowGroupTokens = rowGroupTokens;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _writer = ParquetWriter.CreateAsync(Schema(withPositions, withLossMask), _file, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy })
            .GetAwaiter().GetResult();
    }

    public long Rows { get; private set; }

    public long Tokens { get; private set; }

    /// <summary>Adds one row.</summary>
    /// <param name="ids">Token ids (at least one).</param>
    /// <param name="positions">Position ids, same length (packed shards only).</param>
    /// <param name="lossMask">1 per document token, 0 per padding token, same length (when the shard has <c>loss_mask</c>).</param>
    public void WriteRow(ReadOnlySpan<int> ids, ReadOnlySpan<int> positions = default, ReadOnlySpan<int> lossMask = default)
    {
        if (_lossMask && lossMask.Length != ids.Length)
            throw new ArgumentException("loss_mask must be as long as input_ids", nameof(lossMask));
        if (ids.IsEmpty)
            throw new ArgumentException("a token row cannot be empty", nameof(ids));
        if (_positions && positions.Length != ids.Length)
            throw new ArgumentException("position_ids must be as long as input_ids", nameof(positions));
        _rep.Add(0);
        for (int i = 1; i < ids.Length; i++)
            _rep.Add(1);
        _ids.AddRange(ids);
        if (_positions)
            _pos.AddRange(positions);
        if (_lossMask)
            _mask.AddRange(lossMask);
        Rows++;
        Tokens += ids.Length;
        if (_ids.Count >= _rowGroupTokens)
            Flush();
    }

    private void Flush()
    {
        if (_ids.Count == 0)
            return;
        using (var rg = _writer.CreateRowGroup())
        {
            // Every value is present, so every definition level is the column's maximum (list and element defined).
            var rep = _rep.ToArray();
            var def = new int[rep.Length];
            Array.Fill(def, InputIdsElement.MaxDefinitionLevel);
            rg.WriteAllPartsAsync<int>(InputIdsElement, _ids.ToArray(), def, rep, CancellationToken.None).GetAwaiter().GetResult();
            if (_positions)
            {
                Array.Fill(def, PositionIdsElement.MaxDefinitionLevel);
                rg.WriteAllPartsAsync<int>(PositionIdsElement, _pos.ToArray(), def, rep, CancellationToken.None).GetAwaiter().GetResult();
            }
            if (_lossMask)
            {
                Array.Fill(def, LossMaskElement.MaxDefinitionLevel);
                rg.WriteAllPartsAsync<int>(LossMaskElement, _mask.ToArray(), def, rep, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        _ids.Clear();
        _pos.Clear();
        _mask.Clear();
        _rep.Clear();
    }

    public void Dispose()
    {
        Flush();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Dispose();
    }

    /// <summary>The schema of a Parquet file.</summary>
    public static ParquetSchema ReadSchema(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return reader.Schema;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Each row's <c>loss_mask</c>, or null when the shard has none.</summary>
    public static List<int[]>? ReadLossMasks(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            var field = reader.Schema.GetDataFields().FirstOrDefault(f => f.Path.ToString().StartsWith("loss_mask", StringComparison.Ordinal));
            if (field == null)
                return null;
            var rows = new List<int[]>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                rows.AddRange(ReadLists(rg, field));
            }
            return rows;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Reads a token shard back: each row's <c>input_ids</c> (and <c>position_ids</c> when present).</summary>
    public static List<(int[] Ids, int[]? Positions)> ReadAll(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            var idsField = fields.FirstOrDefault(f => f.Path.ToString().StartsWith("input_ids", StringComparison.Ordinal))
                ?? throw new InvalidDataException($"{path}: no input_ids column");
            var posField = fields.FirstOrDefault(f => f.Path.ToString().StartsWith("position_ids", StringComparison.Ordinal));
            var rows = new List<(int[], int[]?)>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var idRows = ReadLists(rg, idsField);
                var posRows = posField == null ? null : ReadLists(rg, posField);
                for (int r = 0; r < idRows.Count; r++)
                    rows.Add((idRows[r], posRows?[r]));
            }
            return rows;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static List<int[]> ReadLists(ParquetRowGroupReader rg, DataField field)
    {
        long n = rg.GetMetadata(field)!.MetaData!.NumValues;
        var values = new int[n];
        var def = new int[n];
        var rep = new int[n];
        rg.ReadRawAsync<int>(field, values, def, rep).AsTask().GetAwaiter().GetResult();
        return SplitRows(values, rep);
    }

    private static List<int[]> SplitRows(ReadOnlySpan<int> values, ReadOnlySpan<int> repetition)
    {
        var rows = new List<int[]>();
        int start = 0;
        for (int i = 1; i <= values.Length; i++)
            if (i == values.Length || repetition[i] == 0)
            {
                rows.Add(values[start..i].ToArray());
                start = i;
            }
        return rows;
    }
}

using Parquet;
using Parquet.Schema;

namespace YuLanData.Synthesis.Job;

/// <summary>Writes and reads back the sample Parquet files (one row group per file, columns named in snake_case).</summary>
public static class SampleParquet
{
    private static readonly DataField Id = new DataField("id", typeof(string), isNullable: false);
    private static readonly DataField SeedId = new DataField("seed_id", typeof(string), isNullable: false);
    private static readonly DataField SeedSource = new DataField("seed_source", typeof(string), isNullable: false);
    private static readonly DataField SampleIndex = new DataField("sample_index", typeof(int), isNullable: false);
    private static readonly DataField Template = new DataField("template", typeof(string), isNullable: false);
    private static readonly DataField TemplateHash = new DataField("template_hash", typeof(string), isNullable: false);
    private static readonly DataField ModelPath = new DataField("model_path", typeof(string), isNullable: false);
    private static readonly DataField ModelHash = new DataField("model_hash", typeof(string), isNullable: false);
    private static readonly DataField TokenizerHash = new DataField("tokenizer_hash", typeof(string), isNullable: false);
    private static readonly DataField Sampling = new DataField("sampling", typeof(string), isNullable: false);
    private static readonly DataField RequestSeed = new DataField("request_seed", typeof(long), isNullable: false);
    private static readonly DataField Prompt = new DataField("prompt", typeof(string), isNullable: false);
    private static readonly DataField Text = new DataField("text", typeof(string), isNullable: true);
    private static readonly DataField Completion = new DataField("completion", typeof(string), isNullable: true);
    private static readonly DataField PromptTokens = new DataField("prompt_tokens", typeof(int), isNullable: false);
    private static readonly DataField CompletionTokens = new DataField("completion_tokens", typeof(int), isNullable: false);
    private static readonly DataField FinishReason = new DataField("finish_reason", typeof(string), isNullable: false);
    private static readonly DataField Accepted = new DataField("accepted", typeof(bool), isNullable: false);
    private static readonly DataField RejectReason = new DataField("reject_reason", typeof(string), isNullable: true);
    private static readonly DataField Sections = new DataField("sections", typeof(string), isNullable: true);
    private static readonly DataField Answer = new DataField("answer", typeof(string), isNullable: true);
    private static readonly DataField KnownAnswer = new DataField("known_answer", typeof(string), isNullable: true);
    private static readonly DataField Verification = new DataField("verification", typeof(string), isNullable: true);
    private static readonly DataField SeedPassRate = new DataField("seed_pass_rate", typeof(double), isNullable: false);
    private static readonly DataField MajorityAnswer = new DataField("majority_answer", typeof(string), isNullable: true);
    private static readonly DataField Backend = new DataField("backend", typeof(string), isNullable: true);

    /// <summary>The column names, in file order.</summary>
    public static readonly ParquetSchema Schema = new(Id, SeedId, SeedSource, SampleIndex, Template, TemplateHash, ModelPath, ModelHash,
        TokenizerHash, Sampling, RequestSeed, Prompt, Text, Completion, PromptTokens, CompletionTokens, FinishReason, Accepted, RejectReason, Sections,
        Answer, KnownAnswer, Verification, SeedPassRate, MajorityAnswer, Backend);

    /// <summary>Writes <paramref name="rows"/> to a new file at <paramref name="path"/> (zstd-compressed).</summary>
    public static void Write(string path, IReadOnlyList<SampleRow> rows)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        var writer = ParquetWriter.CreateAsync(Schema, file, new ParquetOptions { CompressionMethod = CompressionMethod.Zstd }).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            void Strings(DataField f, Func<SampleRow, string?> get) => group.WriteAsync(f, rows.Select(get).ToArray()!).GetAwaiter().GetResult();
            void Values<T>(DataField f, Func<SampleRow, T> get) where T : struct =>
                group.WriteAsync(f, new ReadOnlyMemory<T>(rows.Select(get).ToArray())).GetAwaiter().GetResult();
            Strings(Id, r => r.Id);
            Strings(SeedId, r => r.SeedId);
            Strings(SeedSource, r => r.SeedSource);
            Values(SampleIndex, r => r.SampleIndex);
            Strings(Template, r => r.Template);
            Strings(TemplateHash, r => r.TemplateHash);
            Strings(ModelPath, r => r.ModelPath);
            Strings(ModelHash, r => r.ModelHash);
            Strings(TokenizerHash, r => r.TokenizerHash);
            Strings(Sampling, r => r.Sampling);
            Values(RequestSeed, r => r.RequestSeed);
            Strings(Prompt, r => r.Prompt);
            Strings(Text, r => r.Text);
            Strings(Completion, r => r.Completion);
            Values(PromptTokens, r => r.PromptTokens);
            Values(CompletionTokens, r => r.CompletionTokens);
            Strings(FinishReason, r => r.FinishReason);
            Values(Accepted, r => r.Accepted);
            Strings(RejectReason, r => r.RejectReason);
            Strings(Sections, r => r.Sections);
            Strings(Answer, r => r.Answer);
            Strings(KnownAnswer, r => r.KnownAnswer);
            Strings(Verification, r => r.Verification);
            Values(SeedPassRate, r => r.SeedPassRate);
            Strings(MajorityAnswer, r => r.MajorityAnswer);
            Strings(Backend, r => r.Backend);
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        file.Flush(true);
    }

    /// <summary>The non-null completions stored in a file, in row order.</summary>
    public static IReadOnlyList<string> ReadCompletions(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            var field = reader.Schema.GetDataFields().Single(f => f.Name == "completion");
            var result = new List<string>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var values = new string?[(int)rg.RowCount];
                rg.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
                result.AddRange(values.Where(v => v is not null)!);
            }
            return result;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The (seed id, sample index) keys stored in a file, or null when it cannot be read.</summary>
    public static HashSet<(string SeedId, int SampleIndex)>? ReadKeys(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            try
            {
            var fields = reader.Schema.GetDataFields();
            var seedField = fields.Single(f => f.Name == "seed_id");
            var indexField = fields.Single(f => f.Name == "sample_index");
            var keys = new HashSet<(string, int)>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var n = (int)rg.RowCount;
                var seeds = new string?[n];
                var indexes = new int[n];
                rg.ReadAsync(seedField, seeds.AsMemory()).AsTask().GetAwaiter().GetResult();
                rg.ReadAsync(indexField, indexes.AsMemory()).AsTask().GetAwaiter().GetResult();
                for (var i = 0; i < n; i++) keys.Add((seeds[i]!, indexes[i]));
            }
            return keys;
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}

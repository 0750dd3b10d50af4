using System.Text;
using System.Text.Json;
using YuLanData.Jobs.IO;

namespace YuLanData.Cli.Bench;

/// <summary>
/// A large dedup benchmark corpus made from real web text: every document joins 2-4 real texts (of at least 30
/// words, one word in ten varied so that originals stay distinct) drawn from the given files; about a third are instead edited copies of an earlier original, with edits
/// of varied strength (0.5% of words changed; 1.5% changed and a paragraph dropped; or one of its texts replaced and
/// 1.5% changed), so that candidate pairs span Jaccard from ~0.3 to 1 and verification changes decisions.
/// Deterministic for a seed.
/// </summary>
public static class DedupBenchCorpus
{
    private const int DocumentsPerFile = 50_000;

    /// <summary>Writes <paramref name="documents"/> documents as JSONL files under <paramref name="folder"/>.</summary>
    /// <param name="sources">Real text files to draw from (any format the readers take).</param>
    /// <param name="folder">Where the files go (created).</param>
    /// <param name="documents">How many documents to write.</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <returns>The files written, in order.</returns>
    public static List<string> Write(IReadOnlyList<string> sources, string folder, int documents, int seed = 1)
    {
        var texts = sources.SelectMany(f => DocumentReader.ReadFile(f)).Where(r => r.Document != null)
            .Select(r => r.Document!.Text).Where(t => t.AsSpan().Count(' ') >= 30).Distinct().ToArray();
        if (texts.Length < 10)
            throw new ArgumentException($"bench dedup: only {texts.Length} texts of 30 words or more in the input files");
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var originals = new List<(int[] Parts, int Seed)>();
        var files = new List<string>();
        StreamWriter? writer = null;
        var line = new StringBuilder();
        try
        {
            for (int i = 0; i < documents; i++)
            {
                if (i % DocumentsPerFile == 0)
                {
                    writer?.Dispose();
                    files.Add(Path.Combine(folder, $"corpus-{files.Count:D3}.jsonl"));
                    writer = new StreamWriter(files[^1], false, new UTF8Encoding(false), 1 << 16);
                }
                string text;
                if (originals.Count > 0 && random.NextDouble() < 0.35)
                {
                    var (source, sourceSeed) = originals[random.Next(originals.Count)];
                    var parts = (int[])source.Clone();
                    double kind = random.NextDouble();
                    if (kind < 0.2)
                        parts[random.Next(parts.Length)] = random.Next(texts.Length);
                    text = Edit(Original(parts, texts, sourceSeed), random, kind < 0.5 ? 0.005 : 0.015, dropParagraph: kind >= 0.5 && kind < 0.8);
                }
                else
                {
                    var parts = new int[random.Next(2, 5)];
                    for (int k = 0; k < parts.Length; k++)
                        parts[k] = random.Next(texts.Length);
                    originals.Add((parts, i));
                    text = Original(parts, texts, i);
                }
                line.Clear().Append("{\"id\":\"bench-").Append(i).Append("\",\"text\":").Append(JsonSerializer.Serialize(text)).Append('}');
                writer!.WriteLine(line);
            }
        }
        finally
        {
            writer?.Dispose();
        }
        return files;
    }

    /// <summary>An original document: its real texts joined, each with one word in ten varied (seeded by the
    /// document and the part), so that originals drawing the same real text do not share most of its shingles.</summary>
    private static string Original(int[] parts, string[] texts, int seed) =>
        string.Join("\n\n", parts.Select((p, k) => Vary(texts[p], new Random(seed * 31 + k), 0.1)));

    private static string Vary(string text, Random random, double share)
    {
        var words = text.Split(' ');
        for (int w = 0; w < words.Length; w++)
            if (random.NextDouble() < share)
                words[w] = words[w].Length > 3 ? words[w][..^1] + (char)('a' + random.Next(26)) : words[w] + "s";
        return string.Join(' ', words);
    }

    /// <summary>Changes a share of the words (each to a variant) and optionally drops one paragraph.</summary>
    private static string Edit(string text, Random random, double wordShare, bool dropParagraph)
    {
        if (dropParagraph)
        {
            var paragraphs = text.Split("\n\n").ToList();
            if (paragraphs.Count > 2)
                paragraphs.RemoveAt(random.Next(paragraphs.Count));
            text = string.Join("\n\n", paragraphs);
        }
        var words = text.Split(' ');
        int changes = Math.Max(1, (int)(words.Length * wordShare));
        for (int k = 0; k < changes; k++)
        {
            int w = random.Next(words.Length);
            words[w] = words[w].Length > 3 ? words[w][..^1] + "q" : "edit";
        }
        return string.Join(' ', words);
    }
}

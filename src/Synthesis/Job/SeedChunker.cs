using System.Globalization;
using System.Text.RegularExpressions;
using YuLanData.Synthesis.Templates;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// Cuts a seed whose filled prompt does not fit the token budget into several seeds whose prompts do: the seed's
/// <c>text</c> is split at paragraph boundaries (blank lines), a paragraph too long on its own at line ends, then
/// sentence ends, and only as a last resort inside a sentence. Chunk <c>k</c> gets the id <c>{id}@{k:000}</c>; the
/// chunks' texts joined by blank lines give back the text up to whitespace at the cuts. Only templates that use
/// <c>{{text}}</c> are chunked; other seeds pass unchanged (a too-long prompt is then rejected downstream).
/// </summary>
public sealed partial class SeedChunker
{
    private readonly PromptTemplate _template;
    private readonly Func<string, int> _countTokens;
    private readonly int _budget;

    /// <param name="template">The template the seeds fill.</param>
    /// <param name="countTokens">Token count of a prompt.</param>
    /// <param name="budget">The most prompt tokens a chunk's filled prompt may have.</param>
    public SeedChunker(PromptTemplate template, Func<string, int> countTokens, int budget)
    {
        _template = template;
        _countTokens = countTokens;
        _budget = budget;
    }

    /// <summary>The seed itself when it fits (or cannot be chunked), else its chunks in text order.</summary>
    public IReadOnlyList<SeedDocument> Chunk(SeedDocument seed)
    {
        if (!_template.Fields.Contains("text")) return [seed];
        string full;
        try
        {
            full = _template.Fill(seed);
        }
        catch (TemplateFieldMissingException)
        {
            return [seed]; // reported where the prompt is filled
        }
        if (_countTokens(full) <= _budget) return [seed];
        var overhead = _countTokens(_template.Fill(seed with { Text = "" }));
        var room = _budget - overhead;
        if (room < 8) return [seed];

        var chunks = new List<string>();
        var current = "";
        foreach (var piece in Pieces(seed.Text, room))
        {
            var joined = current.Length == 0 ? piece : current + "\n\n" + piece;
            if (current.Length > 0 && _countTokens(joined) > room)
            {
                chunks.Add(current);
                current = piece;
            }
            else current = joined;
        }
        if (current.Trim().Length > 0) chunks.Add(current);
        return chunks.Select((text, k) => seed with { Id = seed.Id + "@" + k.ToString("000", CultureInfo.InvariantCulture), Text = text }).ToArray();
    }

    /// <summary>Paragraphs, each split further until it fits <paramref name="room"/> tokens on its own.</summary>
    private IEnumerable<string> Pieces(string text, int room)
    {
        foreach (var paragraph in ParagraphBreak().Split(text))
        {
            var p = paragraph.Trim('\n', '\r');
            if (p.Trim().Length == 0) continue;
            foreach (var piece in Fit(p, room, 0)) yield return piece;
        }
    }

    private IEnumerable<string> Fit(string text, int room, int level)
    {
        if (_countTokens(text) <= room) return [text];
        // Finer and finer cuts: line ends, sentence ends, then halves (a run of text with no break at all).
        string[] parts = level switch
        {
            0 => text.Split('\n'),
            1 => SentenceEnd().Split(text),
            _ => text.Length < 2 ? [text] : [text[..(text.Length / 2)], text[(text.Length / 2)..]],
        };
        if (parts.Length < 2) return level < 2 ? Fit(text, room, level + 1) : [text];
        var result = new List<string>();
        var current = "";
        var joiner = level == 0 ? "\n" : level == 1 ? " " : "";
        foreach (var part in parts.Where(x => x.Length > 0))
        {
            var joined = current.Length == 0 ? part : current + joiner + part;
            if (current.Length > 0 && _countTokens(joined) > room)
            {
                result.AddRange(Fit(current, room, level + 1));
                current = part;
            }
            else current = joined;
        }
        if (current.Length > 0) result.AddRange(Fit(current, room, level + 1));
        return result;
    }

    [GeneratedRegex(@"\r?\n[ \t]*\r?\n\s*")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}

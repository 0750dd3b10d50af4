using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>Light, meaning-preserving edits a copied benchmark item typically goes through on the web.</summary>
public static partial class TextEdits
{
    /// <summary>Random words upper-cased or title-cased, or the whole item lower-cased.</summary>
    public static string Case(string text, Random random) => random.Next(3) == 0
        ? text.ToLowerInvariant()
        : WordRegex().Replace(text, m => random.Next(4) switch
        {
            0 => m.Value.ToUpperInvariant(),
            1 => char.ToUpperInvariant(m.Value[0]) + m.Value[1..],
            _ => m.Value,
        });

    /// <summary>Spaces doubled or turned into line breaks, line breaks joined, indentation changed to tabs / 2 spaces.</summary>
    public static string Whitespace(string text, Random random)
    {
        var sb = new StringBuilder(text.Length + 64);
        foreach (char c in text)
        {
            if (c == ' ')
                sb.Append(random.Next(6) switch { 0 => "  ", 1 => "\n", 2 => " \t", _ => " " });
            else if (c == '\n')
                sb.Append(random.Next(3) == 0 ? " " : "\n\n");
            else
                sb.Append(c);
        }
        return sb.ToString().Replace("    ", random.Next(2) == 0 ? "\t" : "  ");
    }

    /// <summary>Sentence-final and list punctuation dropped or swapped, quotes straightened/curled, dashes changed.</summary>
    public static string Punctuation(string text, Random random)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool beforeSpace = i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]);
            switch (c)
            {
                case ',' or ';' when beforeSpace:
                    sb.Append(random.Next(2) == 0 ? "" : c == ',' ? ";" : ",");
                    break;
                case '.' or '?' or '!' when beforeSpace:
                    sb.Append(random.Next(3) switch { 0 => "", 1 => "!", _ => "." });
                    break;
                case '\'':
                    sb.Append('’');
                    break;
                case '’':
                    sb.Append('\'');
                    break;
                case '"':
                    sb.Append(random.Next(2) == 0 ? '“' : '”');
                    break;
                case '-' when beforeSpace || (i > 0 && text[i - 1] == ' '):
                    sb.Append('—');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Thousands separators added to plain numbers of 4+ digits and removed from grouped ones; "$5" to "$ 5".</summary>
    public static string Numbers(string text, Random random)
    {
        text = GroupedRegex().Replace(text, m => m.Value.Replace(",", ""));
        text = PlainRegex().Replace(text, m => long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && random.Next(2) == 0
            ? v.ToString("N0", CultureInfo.InvariantCulture) : m.Value);
        return text.Replace("$", random.Next(2) == 0 ? "$ " : "$");
    }

    private static readonly string[] Framing =
    [
        "Here is a problem from my homework that I could not solve.",
        "Try this one yourself before reading the answer below.",
        "My teacher gave us this question in class today.",
        "Posted by a reader, see the comments for other approaches.",
    ];

    /// <summary>A framing sentence before the item, and a second one inside it at a sentence boundary that leaves at least
    /// 13 words on each side (so the item is still there in two pieces), else after it.</summary>
    public static string Frame(string text, Random random)
    {
        string inner = Framing[random.Next(Framing.Length)];
        string body = text + " " + inner;
        for (int boundary = text.IndexOf(". ", StringComparison.Ordinal); boundary >= 0; boundary = text.IndexOf(". ", boundary + 2, StringComparison.Ordinal))
        {
            if (Words(text[..boundary]) >= 13 && Words(text[(boundary + 2)..]) >= 13)
            {
                body = text[..(boundary + 2)] + inner + " " + text[(boundary + 2)..];
                break;
            }
        }
        return Framing[random.Next(Framing.Length)] + " " + body;
    }

    private static int Words(string text) => WordRegex().Count(text);

    /// <summary>All of the above at once.</summary>
    public static string All(string text, Random random) =>
        Frame(Numbers(Punctuation(Whitespace(Case(text, random), random), random), random), random);

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\b\d{1,3}(,\d{3})+\b")]
    private static partial Regex GroupedRegex();

    [GeneratedRegex(@"\b\d{4,}\b")]
    private static partial Regex PlainRegex();
}

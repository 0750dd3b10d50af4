using YuLanData.Filters;
using YuLanData.Filters.Text;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Stages.BuiltIn;

/// <summary>
/// Replaces e-mail addresses, IP addresses and phone numbers with tokens (<see cref="PiiRedactor"/>) and counts the
/// replacements in the stage's stats counters: <c>email</c>, <c>ipv4</c>, <c>ipv6</c>, <c>phone</c>,
/// <c>documents_redacted</c>. Never drops a document.
/// </summary>
[Stage("pii_redact", "replace e-mail addresses, public IP addresses and phone numbers (conservative rules) with tokens such as <EMAIL>")]
public sealed class PiiRedactStage : IPipelineStage, IReportsCounters
{
    private readonly PiiRedactor _redactor;
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);

    /// <param name="options">What to replace and with what.</param>
    public PiiRedactStage(PiiRedactOptions options) => _redactor = new PiiRedactor(options);

    public IReadOnlyDictionary<string, long> Counters => _counters;

    public FilterOutcome Process(Document doc)
    {
        doc.Text = _redactor.Redact(doc.Text, out var c);
        if (c.Total == 0)
            return FilterOutcome.Kept;
        Add("email", c.Emails);
        Add("ipv4", c.Ipv4);
        Add("ipv6", c.Ipv6);
        Add("phone", c.Phones);
        Add("documents_redacted", 1);
        return FilterOutcome.Kept;
    }

    private void Add(string key, long amount)
    {
        if (amount != 0)
            _counters[key] = _counters.GetValueOrDefault(key) + amount;
    }
}

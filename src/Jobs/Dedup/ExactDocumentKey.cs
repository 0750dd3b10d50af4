using System.Text.Json.Nodes;
using YuLanData.Filters.Dedup;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Dedup;

/// <summary>The keys exact dedup compares documents by and names dropped documents by; computed the same way by
/// stage 1 (<see cref="DedupRunner"/>) and by the <c>exact_dedup_filter</c> stage.</summary>
public static class ExactDocumentKey
{
    /// <summary>The exact-dedup key of <paramref name="doc"/>: of its text, its normalized text, a metadata field or
    /// a canonical URL; null when the document has none (empty field or URL): such documents are never deduplicated.</summary>
    public static UInt128? Of(Document doc, ExactKeyKind kind, string keyField, bool stripWww)
    {
        switch (kind)
        {
            case ExactKeyKind.Text:
                return DedupKeys.OfText(doc.Text, normalize: false);
            case ExactKeyKind.NormalizedText:
                return DedupKeys.OfText(doc.Text, normalize: true);
            default:
                var node = doc.Metadata[keyField];
                if (node == null)
                    return null;
                string value = node is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : node.ToJsonString();
                if (kind == ExactKeyKind.Url)
                    return DedupKeys.OfUrl(value, stripWww);
                return value.Length == 0 ? null : DedupKeys.Hash(value);
        }
    }

    /// <summary>
    /// How a dropped document is named in the drop list. By content (<paramref name="byContent"/>): the hash of its id
    /// and its key together, so two documents with the same id but different content are told apart, and a copy whose
    /// id is also a survivor's is still dropped. Otherwise by id alone (a dropped document sharing its id with a survivor
    /// must then be kept).
    /// </summary>
    public static UInt128 DropKey(string id, UInt128? key, bool byContent)
    {
        if (!byContent || key is not { } k)
            return DedupKeys.OfId(id);
        Span<byte> bytes = stackalloc byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, DedupKeys.OfId(id));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes[16..], k);
        return System.IO.Hashing.XxHash128.HashToUInt128(bytes);
    }
}

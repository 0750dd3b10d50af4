using System.Runtime.InteropServices;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// One document of a source index (48 bytes): where its token ids, id string and text lie in the index's blobs.
/// The index holds no text in memory; the writing pass reads ids by offset. Entries are memory-mapped from docs.bin.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly record struct IndexedDocument(
    long TokenOffset,
    int Tokens,
    int File,
    long Row,
    long IdOffset,
    int IdBytes,
    int TextBytes,
    long TextOffset);

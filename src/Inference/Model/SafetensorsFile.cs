using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;

namespace YuLanData.Inference.Model;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">Tensor name, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="DType">Stored element type.</param>
/// <param name="Shape">Stored shape.</param>
/// <param name="Begin">Byte offset of the data, from the start of the file.</param>
/// <param name="Length">Byte length of the data.</param>
public sealed record SafetensorsEntry(string Name, torch.ScalarType DType, long[] Shape, long Begin, long Length);

/// <summary>
/// Reads the <c>.safetensors</c> format: an 8-byte little-endian header length, a JSON header mapping tensor
/// names to dtype, shape and data offsets, then the raw little-endian data. The header is checked when the
/// file is opened (offsets inside the file, sizes matching shapes), so a bad file fails with its name.
/// </summary>
public sealed class SafetensorsFile
{
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The tensors in the file, by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    private SafetensorsFile(string path, IReadOnlyDictionary<string, SafetensorsEntry> entries)
    {
        Path = path;
        Entries = entries;
    }

    /// <summary>Reads and checks the header of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The header is malformed; the message names the file and the tensor.</exception>
    public static SafetensorsFile Open(string path)
    {
        using var stream = File.OpenRead(path);
        var fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            throw new InvalidDataException($"{path}: shorter than the 8-byte safetensors header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)MaxHeaderBytes || 8 + (long)headerLength > fileLength)
            throw new InvalidDataException($"{path}: header length {headerLength} does not fit the file ({fileLength} bytes)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        using var doc = ParseHeader(header, path);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__") continue;
            var entry = ParseEntry(property, dataStart, fileLength, path);
            entries.Add(entry.Name, entry);
        }
        return new SafetensorsFile(path, entries);
    }

    /// <summary>Copies one tensor's bytes into a new CPU tensor of its stored dtype and shape.</summary>
    /// <param name="entry">An entry of this file.</param>
    public torch.Tensor Read(SafetensorsEntry entry)
    {
        var tensor = torch.empty(entry.Shape, entry.DType);
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            stream.Position = entry.Begin;
            if (entry.Length > 0) stream.ReadExactly(tensor.bytes);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    private static JsonDocument ParseHeader(byte[] header, string path)
    {
        try
        {
            var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: safetensors header is not a JSON object");
            return doc;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: safetensors header is not valid JSON: {e.Message}", e);
        }
    }

    private static SafetensorsEntry ParseEntry(JsonProperty property, long dataStart, long fileLength, string path)
    {
        var name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array
            || offsetsJson.GetArrayLength() != 2)
            throw new InvalidDataException($"{path}: tensor '{name}' needs dtype, shape and two data_offsets");
        var (dtype, elementSize) = ParseDType(dtypeJson.GetString()!, name, path);
        var shape = shapeJson.EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (shape.Any(d => d < 0)) throw new InvalidDataException($"{path}: tensor '{name}' has a negative dimension");
        var begin = offsetsJson[0].GetInt64();
        var end = offsetsJson[1].GetInt64();
        var expected = shape.Aggregate(1L, (a, d) => a * d) * elementSize;
        if (begin < 0 || end < begin || dataStart + end > fileLength)
            throw new InvalidDataException($"{path}: tensor '{name}' data_offsets [{begin}, {end}] lie outside the file");
        if (end - begin != expected)
            throw new InvalidDataException($"{path}: tensor '{name}' has {end - begin} bytes, its shape [{string.Join(", ", shape)}] of {dtypeJson.GetString()} needs {expected}");
        return new SafetensorsEntry(name, dtype, shape, dataStart + begin, end - begin);
    }

    private static (torch.ScalarType Type, int Size) ParseDType(string dtype, string name, string path) => dtype switch
    {
        "F32" => (torch.ScalarType.Float32, 4),
        "F16" => (torch.ScalarType.Float16, 2),
        "BF16" => (torch.ScalarType.BFloat16, 2),
        "F64" => (torch.ScalarType.Float64, 8),
        "I64" => (torch.ScalarType.Int64, 8),
        "I32" => (torch.ScalarType.Int32, 4),
        "I16" => (torch.ScalarType.Int16, 2),
        "I8" => (torch.ScalarType.Int8, 1),
        "U8" => (torch.ScalarType.Byte, 1),
        "BOOL" => (torch.ScalarType.Bool, 1),
        _ => throw new NotSupportedException($"{path}: tensor '{name}' has dtype '{dtype}', which is not supported"),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Model;

/// <summary>Writes tensors in the safetensors layout (for tests that need variants of the fixture checkpoint).</summary>
internal static class SafetensorsTestWriter
{
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        var header = new JsonObject();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors.OrderBy(x => x.Name, StringComparer.Ordinal))
        {
            var data = t.contiguous().bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = t.dtype switch { ScalarType.BFloat16 => "BF16", ScalarType.Float16 => "F16", _ => "F32" },
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + data.Length),
            };
            blobs.Add(data);
            offset += data.Length;
        }
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header);
        using var f = File.Create(path);
        f.Write(BitConverter.GetBytes((ulong)headerBytes.Length));
        f.Write(headerBytes);
        foreach (var b in blobs) f.Write(b);
    }
}

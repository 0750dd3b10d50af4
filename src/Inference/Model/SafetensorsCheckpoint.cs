using System.Text.Json;
using TorchSharp;

namespace YuLanData.Inference.Model;

/// <summary>
/// The weights of a Hugging Face model folder: one <c>model.safetensors</c>, or shards listed by
/// <c>model.safetensors.index.json</c>. Hands out tensors by name, checked against the shape the model expects,
/// converted to the wanted dtype and moved to the wanted device.
/// </summary>
public sealed class SafetensorsCheckpoint
{
    private readonly Dictionary<string, SafetensorsFile> _byTensor;

    /// <summary>The model folder.</summary>
    public string Directory { get; }

    private SafetensorsCheckpoint(string directory, Dictionary<string, SafetensorsFile> byTensor)
    {
        Directory = directory;
        _byTensor = byTensor;
    }

    /// <summary>All tensor names in the checkpoint.</summary>
    public IEnumerable<string> TensorNames => _byTensor.Keys;

    /// <summary>Opens the checkpoint in <paramref name="directory"/> (reads headers only).</summary>
    /// <exception cref="FileNotFoundException">Neither <c>model.safetensors</c> nor the index is there, or a shard is missing.</exception>
    /// <exception cref="InvalidDataException">The index names a tensor its shard lacks, or a header is malformed.</exception>
    public static SafetensorsCheckpoint Open(string directory)
    {
        var single = Path.Combine(directory, "model.safetensors");
        var index = Path.Combine(directory, "model.safetensors.index.json");
        var byTensor = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        if (File.Exists(index))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{index}: no 'weight_map' object");
            var shards = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var pair in map.EnumerateObject())
            {
                var shardName = pair.Value.GetString() ?? throw new InvalidDataException($"{index}: tensor '{pair.Name}' maps to no file");
                if (!shards.TryGetValue(shardName, out var shard))
                {
                    var shardPath = Path.Combine(directory, shardName);
                    if (!File.Exists(shardPath))
                        throw new FileNotFoundException($"{index}: shard '{shardName}' (for tensor '{pair.Name}') not found", shardPath);
                    shards[shardName] = shard = SafetensorsFile.Open(shardPath);
                }
                if (!shard.Entries.ContainsKey(pair.Name))
                    throw new InvalidDataException($"{index}: tensor '{pair.Name}' is mapped to {shardName}, which does not hold it");
                byTensor[pair.Name] = shard;
            }
        }
        else if (File.Exists(single))
        {
            var file = SafetensorsFile.Open(single);
            foreach (var name in file.Entries.Keys) byTensor[name] = file;
        }
        else
        {
            throw new FileNotFoundException($"{directory}: neither model.safetensors nor model.safetensors.index.json found", single);
        }
        return new SafetensorsCheckpoint(directory, byTensor);
    }

    /// <summary>Whether the checkpoint holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byTensor.ContainsKey(name);

    /// <summary>Loads one tensor.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="expectedShape">The shape the model needs; a different stored shape is an error.</param>
    /// <param name="dtype">Element type of the returned tensor (stored bf16/fp16/fp32 are converted).</param>
    /// <param name="device">Device of the returned tensor.</param>
    /// <exception cref="InvalidDataException">The tensor is missing or has another shape; the message names it and both shapes.</exception>
    public torch.Tensor Load(string name, long[] expectedShape, torch.ScalarType dtype, torch.Device device)
    {
        if (!_byTensor.TryGetValue(name, out var file))
            throw new InvalidDataException($"{Directory}: tensor '{name}' (shape [{string.Join(", ", expectedShape)}]) is missing from the checkpoint");
        var entry = file.Entries[name];
        if (!entry.Shape.SequenceEqual(expectedShape))
            throw new InvalidDataException(
                $"{file.Path}: tensor '{name}' has shape [{string.Join(", ", entry.Shape)}], the config needs [{string.Join(", ", expectedShape)}]");
        var stored = file.Read(entry);
        if (stored.dtype == dtype && device.type == DeviceType.CPU) return stored;
        using (stored) return stored.to(dtype, device);
    }

    /// <summary>Reads a tensor of one element (shape [] or [1]) as a number, e.g. a YuLan-Mini WeSaR alpha.</summary>
    /// <param name="name">Tensor name.</param>
    /// <exception cref="InvalidDataException">The tensor is missing, has more than one element or is not finite.</exception>
    public double ReadScalar(string name)
    {
        if (!_byTensor.TryGetValue(name, out var file))
            throw new InvalidDataException($"{Directory}: scalar tensor '{name}' is missing from the checkpoint");
        var entry = file.Entries[name];
        if (entry.Shape.Aggregate(1L, (a, b) => a * b) != 1)
            throw new InvalidDataException($"{file.Path}: tensor '{name}' has shape [{string.Join(", ", entry.Shape)}], a scalar is needed");
        using var stored = file.Read(entry);
        using var asDouble = stored.to(torch.ScalarType.Float64);
        var value = asDouble.reshape(1).data<double>()[0];
        if (!double.IsFinite(value)) throw new InvalidDataException($"{file.Path}: tensor '{name}' is {value}");
        return value;
    }
}

using System.Text.Json.Nodes;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>Writes edited copies of the fixture <c>tokenizer.json</c> files into a temporary folder.</summary>
public static class DerivedTokenizerFiles
{
    /// <summary>Copies a fixture, applies <paramref name="edit"/> to its JSON, and returns the new file's path.</summary>
    /// <param name="fixture">The fixture folder name.</param>
    /// <param name="edit">Changes the parsed <c>tokenizer.json</c> in place.</param>
    /// <param name="config">Contents of a <c>tokenizer_config.json</c> to write beside it, or null for none.</param>
    public static string Write(string fixture, Action<JsonObject> edit, string? config = null)
    {
        var root = (JsonObject)JsonNode.Parse(File.ReadAllText(TokenizerFixtures.PathOf(fixture)))!;
        edit(root);
        string folder = Path.Combine(Path.GetTempPath(), "yulandata-tokenizer-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, root.ToJsonString());
        if (config is not null)
            File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), config);
        return path;
    }

    /// <summary>An <c>added_tokens</c> entry as Hugging Face writes it.</summary>
    public static JsonObject AddedToken(int id, string content, bool special = true, bool lstrip = false, bool rstrip = false, bool normalized = false) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = lstrip,
        ["rstrip"] = rstrip,
        ["normalized"] = normalized,
        ["special"] = special,
    };
}

using System.Text;
using System.Text.Json;

namespace YuLanData.Inference.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> (and the <c>tokenizer_config.json</c> beside it, for BOS/EOS/PAD
/// names) into a <see cref="TokenizerDefinition"/>. Anything whose behaviour is not reproduced exactly raises
/// <see cref="UnsupportedTokenizerFeatureException"/> naming the JSON location.
/// </summary>
internal static class TokenizerJsonReader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static TokenizerDefinition Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}", e);
        }
        using (document)
            return new Reader(path).Read(document.RootElement);
    }

    private sealed class Reader(string path)
    {
        private UnsupportedTokenizerFeatureException Unsupported(string feature) => new(path, feature);

        private InvalidDataException Invalid(string what) => new($"{path}: {what}");

        public TokenizerDefinition Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid("the top level is not a JSON object");
            CheckNull(root, "truncation");
            CheckNull(root, "padding");

            JsonElement model = Required(root, "model");
            string modelType = OptionalString(model, "type") ?? (model.TryGetProperty("merges", out _) ? "BPE" : "?");
            if (modelType != "BPE")
                throw Unsupported($"model.type = \"{modelType}\" (only BPE is supported)");
            if (model.TryGetProperty("dropout", out JsonElement dropout) && dropout.ValueKind != JsonValueKind.Null)
                throw Unsupported("model.dropout (BPE dropout is random)");
            if (!string.IsNullOrEmpty(OptionalString(model, "continuing_subword_prefix")))
                throw Unsupported("model.continuing_subword_prefix");
            if (!string.IsNullOrEmpty(OptionalString(model, "end_of_word_suffix")))
                throw Unsupported("model.end_of_word_suffix");

            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            JsonElement vocab = Required(model, "vocab");
            if (vocab.ValueKind != JsonValueKind.Object)
                throw Invalid("model.vocab is not an object");
            foreach (JsonProperty entry in vocab.EnumerateObject())
            {
                if (!entry.Value.TryGetInt32(out int id) || id < 0)
                    throw Invalid($"model.vocab[\"{entry.Name}\"] is not a non-negative integer id");
                vocabulary[entry.Name] = id;
            }

            var definition = new TokenizerDefinition
            {
                SourcePath = path,
                Vocabulary = vocabulary,
                Merges = ReadMerges(Required(model, "merges")),
                UnknownToken = OptionalString(model, "unk_token"),
                ByteFallback = OptionalBool(model, "byte_fallback"),
                FuseUnknown = OptionalBool(model, "fuse_unk"),
                IgnoreMerges = OptionalBool(model, "ignore_merges"),
                AddedTokens = ReadAddedTokens(root),
                Normalizer = ReadNormalizer(root.TryGetProperty("normalizer", out JsonElement n) ? n : default),
                PrefixIds = [],
                SuffixIds = [],
                Decoder = ReadDecoder(root.TryGetProperty("decoder", out JsonElement d) ? d : default),
            };
            definition = ReadPreTokenizer(root.TryGetProperty("pre_tokenizer", out JsonElement p) ? p : default, definition);
            definition = ReadPostProcessor(root.TryGetProperty("post_processor", out JsonElement pp) ? pp : default, definition);
            if (definition.IgnoreMerges && definition.ByteLevel)
                throw Unsupported("model.ignore_merges = true with a ByteLevel pre-tokenizer");
            return ReadConfig(definition);
        }

        private List<string> ReadMerges(JsonElement merges)
        {
            if (merges.ValueKind != JsonValueKind.Array)
                throw Invalid("model.merges is not an array");
            // Hugging Face keeps the last of duplicate merges; keep rank order otherwise.
            var list = new List<string>(merges.GetArrayLength());
            int index = 0;
            foreach (JsonElement merge in merges.EnumerateArray())
            {
                string text;
                if (merge.ValueKind == JsonValueKind.String)
                {
                    text = merge.GetString()!;
                    int space = text.IndexOf(' ');
                    if (space <= 0 || space == text.Length - 1 || text.IndexOf(' ', space + 1) >= 0)
                        throw Invalid($"model.merges[{index}] = \"{text}\" is not two tokens separated by one space");
                }
                else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2)
                {
                    string left = merge[0].GetString() ?? "", right = merge[1].GetString() ?? "";
                    if (left.Contains(' ') || right.Contains(' ') || left.Length == 0 || right.Length == 0)
                        throw Unsupported($"model.merges[{index}] has a token containing a space or an empty token");
                    text = left + " " + right;
                }
                else
                {
                    throw Invalid($"model.merges[{index}] is neither \"a b\" nor [\"a\", \"b\"]");
                }
                list.Add(text);
                index++;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var result = new List<string>(list.Count);
            for (int i = list.Count - 1; i >= 0; i--)
                if (seen.Add(list[i]))
                    result.Add(list[i]);
            result.Reverse();
            return result;
        }

        private List<AddedToken> ReadAddedTokens(JsonElement root)
        {
            var tokens = new List<AddedToken>();
            if (!root.TryGetProperty("added_tokens", out JsonElement added) || added.ValueKind == JsonValueKind.Null)
                return tokens;
            int index = 0;
            foreach (JsonElement token in added.EnumerateArray())
            {
                string content = OptionalString(token, "content") ?? throw Invalid($"added_tokens[{index}] has no content");
                if (!Required(token, "id").TryGetInt32(out int id) || id < 0)
                    throw Invalid($"added_tokens[{index}].id is not a non-negative integer");
                if (OptionalBool(token, "single_word"))
                    throw Unsupported($"added_tokens[{index}] (\"{content}\") single_word = true");
                tokens.Add(new AddedToken(id, content, OptionalBool(token, "special"), OptionalBool(token, "lstrip"),
                    OptionalBool(token, "rstrip"), !token.TryGetProperty("normalized", out JsonElement normalized) || normalized.ValueKind != JsonValueKind.False));
                index++;
            }
            return tokens;
        }

        private List<NormalizerStep> ReadNormalizer(JsonElement normalizer)
        {
            var steps = new List<NormalizerStep>();
            AddNormalizer(normalizer, "normalizer", steps);
            if (steps.OfType<NfcStep>().Any() && "e\u0301".Normalize(NormalizationForm.FormC) != "\u00e9")
                throw new InvalidOperationException(
                    $"{path}: the NFC normalizer needs ICU, but this process runs with invariant globalization (set InvariantGlobalization=false)");
            return steps;
        }

        private void AddNormalizer(JsonElement element, string where, List<NormalizerStep> steps)
        {
            if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                return;
            string type = OptionalString(element, "type") ?? throw Invalid($"{where} has no type");
            switch (type)
            {
                case "Sequence":
                    int i = 0;
                    foreach (JsonElement child in Required(element, "normalizers").EnumerateArray())
                        AddNormalizer(child, $"{where}.normalizers[{i++}]", steps);
                    break;
                case "Prepend":
                    steps.Add(new PrependStep(OptionalString(element, "prepend") ?? throw Invalid($"{where}.prepend is missing")));
                    break;
                case "Replace":
                    steps.Add(new ReplaceStep(LiteralPattern(element, where), OptionalString(element, "content") ?? ""));
                    break;
                case "NFC":
                    steps.Add(new NfcStep());
                    break;
                default:
                    throw Unsupported($"{where}.type = \"{type}\"");
            }
        }

        private string LiteralPattern(JsonElement element, string where)
        {
            JsonElement pattern = Required(element, "pattern");
            if (pattern.TryGetProperty("String", out JsonElement literal) && literal.GetString() is { Length: > 0 } s)
                return s;
            throw Unsupported($"{where}.pattern = {pattern.GetRawText()} (only a non-empty String pattern is supported)");
        }

        private TokenizerDefinition ReadPreTokenizer(JsonElement element, TokenizerDefinition definition)
        {
            if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                return definition;
            var parts = new List<(JsonElement Element, string Where)>();
            if (OptionalString(element, "type") == "Sequence")
            {
                int i = 0;
                foreach (JsonElement child in Required(element, "pretokenizers").EnumerateArray())
                    parts.Add((child, $"pre_tokenizer.pretokenizers[{i++}]"));
            }
            else
            {
                parts.Add((element, "pre_tokenizer"));
            }

            foreach ((JsonElement part, string where) in parts)
            {
                string type = OptionalString(part, "type") ?? throw Invalid($"{where} has no type");
                switch (type)
                {
                    case "Split" when definition.Splitter is null && !definition.ByteLevel && definition.Metaspace is null:
                        string behavior = OptionalString(part, "behavior") ?? "";
                        if (behavior != "Isolated" || OptionalBool(part, "invert"))
                            throw Unsupported($"{where} Split with behavior = \"{behavior}\", invert = {OptionalBool(part, "invert")}");
                        JsonElement pattern = Required(part, "pattern");
                        string regex = pattern.TryGetProperty("Regex", out JsonElement r) ? r.GetString() ?? "" : "";
                        definition = definition with
                        {
                            Splitter = Cl100kStyleSplitter.TryCreate(regex)
                                ?? throw Unsupported($"{where} Split pattern {pattern.GetRawText()} (only the cl100k/Llama 3/Qwen patterns are supported)"),
                        };
                        break;
                    case "ByteLevel" when !definition.ByteLevel && definition.Metaspace is null:
                        if (OptionalBool(part, "add_prefix_space"))
                            throw Unsupported($"{where} ByteLevel add_prefix_space = true");
                        if (!part.TryGetProperty("use_regex", out JsonElement useRegex) || useRegex.ValueKind != JsonValueKind.False)
                            throw Unsupported($"{where} ByteLevel use_regex = true (GPT-2 regex)");
                        definition = definition with { ByteLevel = true };
                        break;
                    case "Metaspace" when parts.Count == 1:
                        definition = definition with { Metaspace = ReadMetaspace(part, where) };
                        break;
                    default:
                        throw Unsupported($"{where}.type = \"{type}\" (in this position)");
                }
            }
            return definition;
        }

        private MetaspaceOptions ReadMetaspace(JsonElement part, string where)
        {
            string replacement = OptionalString(part, "replacement") ?? "\u2581";
            if (replacement.Length != 1)
                throw Unsupported($"{where}.replacement = \"{replacement}\" (must be one UTF-16 character)");
            string scheme = OptionalString(part, "prepend_scheme")
                ?? (part.TryGetProperty("add_prefix_space", out JsonElement a) && a.ValueKind == JsonValueKind.False ? "never" : "always");
            MetaspacePrepend prepend = scheme switch
            {
                "always" => MetaspacePrepend.Always,
                "first" => MetaspacePrepend.First,
                "never" => MetaspacePrepend.Never,
                _ => throw Unsupported($"{where}.prepend_scheme = \"{scheme}\""),
            };
            bool split = !part.TryGetProperty("split", out JsonElement s) || s.ValueKind != JsonValueKind.False;
            return new MetaspaceOptions(replacement[0], prepend, split);
        }

        private TokenizerDefinition ReadPostProcessor(JsonElement element, TokenizerDefinition definition)
        {
            if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                return definition;
            string type = OptionalString(element, "type") ?? throw Invalid("post_processor has no type");
            switch (type)
            {
                case "ByteLevel":
                    return definition;
                case "Sequence":
                    foreach (JsonElement child in Required(element, "processors").EnumerateArray())
                        definition = ReadPostProcessor(child, definition);
                    return definition;
                case "TemplateProcessing":
                    return ReadTemplate(element, definition);
                case "BertProcessing" or "RobertaProcessing":
                    int cls = Required(element, "cls")[1].GetInt32(), sep = Required(element, "sep")[1].GetInt32();
                    return definition with { PrefixIds = [.. definition.PrefixIds, cls], SuffixIds = [sep, .. definition.SuffixIds] };
                default:
                    throw Unsupported($"post_processor.type = \"{type}\"");
            }
        }

        private TokenizerDefinition ReadTemplate(JsonElement element, TokenizerDefinition definition)
        {
            JsonElement specials = Required(element, "special_tokens");
            var prefix = new List<int>();
            var suffix = new List<int>();
            bool seenSequence = false;
            int i = 0;
            foreach (JsonElement piece in Required(element, "single").EnumerateArray())
            {
                if (piece.TryGetProperty("Sequence", out JsonElement sequence))
                {
                    if (seenSequence || OptionalString(sequence, "id") != "A")
                        throw Unsupported($"post_processor.single[{i}] sequence {sequence.GetRawText()}");
                    seenSequence = true;
                }
                else if (piece.TryGetProperty("SpecialToken", out JsonElement special))
                {
                    string name = OptionalString(special, "id") ?? throw Invalid($"post_processor.single[{i}] has no id");
                    if (!specials.TryGetProperty(name, out JsonElement entry))
                        throw Invalid($"post_processor.single[{i}] names \"{name}\", which special_tokens does not define");
                    foreach (JsonElement id in Required(entry, "ids").EnumerateArray())
                        (seenSequence ? suffix : prefix).Add(id.GetInt32());
                }
                else
                {
                    throw Unsupported($"post_processor.single[{i}] = {piece.GetRawText()}");
                }
                i++;
            }
            if (!seenSequence)
                throw Invalid("post_processor.single has no Sequence A");
            return definition with { PrefixIds = [.. definition.PrefixIds, .. prefix], SuffixIds = [.. suffix, .. definition.SuffixIds] };
        }

        private List<DecoderStep> ReadDecoder(JsonElement element)
        {
            var steps = new List<DecoderStep>();
            AddDecoder(element, "decoder", steps);
            return steps;
        }

        private void AddDecoder(JsonElement element, string where, List<DecoderStep> steps)
        {
            if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                return;
            string type = OptionalString(element, "type") ?? throw Invalid($"{where} has no type");
            switch (type)
            {
                case "Sequence":
                    int i = 0;
                    foreach (JsonElement child in Required(element, "decoders").EnumerateArray())
                        AddDecoder(child, $"{where}.decoders[{i++}]", steps);
                    break;
                case "Replace":
                    steps.Add(new ReplaceDecoderStep(LiteralPattern(element, where), OptionalString(element, "content") ?? ""));
                    break;
                case "ByteFallback":
                    steps.Add(new ByteFallbackDecoderStep());
                    break;
                case "Fuse":
                    steps.Add(new FuseDecoderStep());
                    break;
                case "Strip":
                    string content = OptionalString(element, "content") ?? " ";
                    if (content.Length != 1)
                        throw Unsupported($"{where}.content = \"{content}\"");
                    steps.Add(new StripDecoderStep(content[0], Required(element, "start").GetInt32(), Required(element, "stop").GetInt32()));
                    break;
                case "ByteLevel":
                    steps.Add(new ByteLevelDecoderStep());
                    break;
                case "Metaspace":
                    MetaspaceOptions options = ReadMetaspace(element, where);
                    steps.Add(new MetaspaceDecoderStep(options.Replacement, options.Prepend == MetaspacePrepend.Never));
                    break;
                default:
                    throw Unsupported($"{where}.type = \"{type}\"");
            }
        }

        /// <summary>Reads BOS/EOS/PAD token names from <c>tokenizer_config.json</c> next to the file, when there is one.</summary>
        private TokenizerDefinition ReadConfig(TokenizerDefinition definition)
        {
            string configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", "tokenizer_config.json");
            if (!File.Exists(configPath))
                return definition;
            try
            {
                using JsonDocument config = JsonDocument.Parse(File.ReadAllBytes(configPath));
                JsonElement root = config.RootElement;
                return definition with
                {
                    BosToken = TokenName(root, "bos_token"),
                    EosToken = TokenName(root, "eos_token"),
                    PadToken = TokenName(root, "pad_token"),
                };
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{configPath}: not valid JSON: {e.Message}", e);
            }
        }

        private static string? TokenName(JsonElement root, string name) =>
            !root.TryGetProperty(name, out JsonElement value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : value.ValueKind == JsonValueKind.Object ? OptionalString(value, "content")
            : null;

        private void CheckNull(JsonElement root, string name)
        {
            if (root.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null)
                throw Unsupported($"{name} = {value.GetRawText()} (truncation and padding are not applied)");
        }

        private JsonElement Required(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
                ? value
                : throw Invalid($"missing \"{name}\" in {Shorten(element.GetRawText())}");

        private static string? OptionalString(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private static bool OptionalBool(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
    }
}

using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace YuLanData.Jobs.Pipelines;

/// <summary>
/// Sets an options object's public properties from a YAML mapping. Keys are the snake_case form of property
/// names; unknown keys and values of the wrong type are errors that name the YAML line.
/// </summary>
public static class OptionsBinder
{
    /// <summary>The YAML keys an options type accepts, with the property each sets.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Parameters(Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), StringComparer.Ordinal);

    /// <summary>Applies <paramref name="parameters"/> to <paramref name="options"/>, then calls its <c>Validate()</c> if any.</summary>
    /// <param name="options">The options object with its defaults.</param>
    /// <param name="parameters">The stage's YAML mapping (may be null for "no parameters").</param>
    /// <param name="file">The pipeline file, for error messages.</param>
    /// <param name="stageName">The stage, for error messages.</param>
    /// <param name="stageNode">Where the stage is declared, for errors without a more precise place.</param>
    /// <param name="paths">Checks the options marked [PathParameter] (set or left at their defaults) before
    /// <c>Validate()</c> may look at the files; null allows every path.</param>
    public static void Bind(object options, YamlMappingNode? parameters, string file, string stageName, YamlNode stageNode, PathPolicy? paths = null)
    {
        var known = Parameters(options.GetType());
        if (parameters != null)
        {
            foreach (var (keyNode, valueNode) in parameters.Children)
            {
                string key = ((YamlScalarNode)keyNode).Value ?? "";
                if (!known.TryGetValue(key, out var property))
                {
                    string hint = known.Count == 0 ? "it takes no parameters"
                        : "known: " + string.Join(", ", known.Keys.Order(StringComparer.Ordinal));
                    throw new PipelineConfigException(file, keyNode.Start.Line, keyNode.Start.Column,
                        $"stage '{stageName}' has no parameter '{key}' ({hint})");
                }
                object? value;
                try
                {
                    value = Convert(valueNode, property.PropertyType);
                }
                catch (FormatException e)
                {
                    throw new PipelineConfigException(file, valueNode.Start.Line, valueNode.Start.Column,
                        $"stage '{stageName}' parameter '{key}': {e.Message}");
                }
                property.SetValue(options, value);
            }
        }
        if (paths != null)
            CheckPaths(options, parameters, file, stageName, stageNode, paths);
        var validate = options.GetType().GetMethod("Validate", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (validate != null)
        {
            try
            {
                validate.Invoke(options, null);
            }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
            {
                var at = parameters ?? stageNode;
                throw new PipelineConfigException(file, at.Start.Line, at.Start.Column, $"stage '{stageName}': {inner.Message}");
            }
        }
    }

    /// <summary>The options of a type that name files or folders (marked [PathParameter]), keyed as in YAML.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> PathParameters(Type optionsType) =>
        Parameters(optionsType).Where(p => p.Value.GetCustomAttribute<YuLanData.Filters.PathParameterAttribute>() != null)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static void CheckPaths(object options, YamlMappingNode? parameters, string file, string stageName, YamlNode stageNode, PathPolicy paths)
    {
        foreach (var (key, property) in PathParameters(options.GetType()))
        {
            var values = property.GetValue(options) switch
            {
                string s => [s],
                IEnumerable<string> many => many,
                _ => [],
            };
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value) || paths(value) is not { } refused)
                    continue;
                YamlNode at = parameters != null && parameters.Children.TryGetValue(new YamlScalarNode(key), out var valueNode) ? valueNode : stageNode;
                throw new PipelineConfigException(file, at.Start.Line, at.Start.Column, $"stage '{stageName}' parameter '{key}': {refused}");
            }
        }
    }

    /// <summary>Converts a YAML node to <paramref name="type"/>; throws <see cref="FormatException"/> with a readable reason.</summary>
    public static object? Convert(YamlNode node, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && s.Value is null or "null" or "~" or "")
        {
            if (underlying != null || !type.IsValueType)
                return null;
            throw new FormatException($"expected {Describe(type)}, got null");
        }
        type = underlying ?? type;
        if (node is YamlScalarNode scalar)
            return ConvertScalar(scalar.Value ?? "", type);
        if (node is YamlSequenceNode seq)
        {
            var element = ElementType(type) ?? throw new FormatException($"expected {Describe(type)}, got a list");
            var items = seq.Children.Select(c => Convert(c, element)).ToList();
            if (type.IsArray)
            {
                var array = Array.CreateInstance(element, items.Count);
                for (int i = 0; i < items.Count; i++)
                    array.SetValue(items[i], i);
                return array;
            }
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            foreach (var item in items)
                list.Add(item);
            return list;
        }
        if (node is YamlMappingNode map)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() is var def && def != typeof(Dictionary<,>) && def != typeof(IReadOnlyDictionary<,>) && def != typeof(IDictionary<,>))
                throw new FormatException($"expected {Describe(type)}, got a mapping");
            var args = type.GetGenericArguments();
            var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
            foreach (var (k, v) in map.Children)
                dict[Convert(k, args[0])!] = Convert(v, args[1]);
            return dict;
        }
        throw new FormatException($"expected {Describe(type)}");
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            if (def == typeof(List<>) || def == typeof(IReadOnlyList<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>)
                || def == typeof(IReadOnlyCollection<>))
                return type.GetGenericArguments()[0];
        }
        return null;
    }

    private static object ConvertScalar(string text, Type type)
    {
        var inv = CultureInfo.InvariantCulture;
        if (type == typeof(string))
            return text;
        if (type == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw new FormatException($"expected true or false, got '{text}'"),
            };
        if (type == typeof(int))
            return int.TryParse(text.Replace("_", ""), NumberStyles.Integer, inv, out int i) ? i : throw new FormatException($"expected an integer, got '{text}'");
        if (type == typeof(long))
            return long.TryParse(text.Replace("_", ""), NumberStyles.Integer, inv, out long l) ? l : throw new FormatException($"expected an integer, got '{text}'");
        if (type == typeof(double))
            return double.TryParse(text.Replace("_", ""), NumberStyles.Float, inv, out double d) ? d : throw new FormatException($"expected a number, got '{text}'");
        if (type == typeof(float))
            return float.TryParse(text, NumberStyles.Float, inv, out float f) ? f : throw new FormatException($"expected a number, got '{text}'");
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
                if (string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), text, StringComparison.Ordinal)
                    || string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                    return Enum.Parse(type, name);
            throw new FormatException($"expected one of {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))}, got '{text}'");
        }
        if (ElementType(type) != null)
            return Convert(new YamlSequenceNode(new YamlScalarNode(text)), type)!;
        throw new FormatException($"expected {Describe(type)}, got '{text}'");
    }

    /// <summary>A type as users see it in YAML: "an integer", "a list of strings"...</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type == typeof(double) || type == typeof(float)) return "a number";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
        if (ElementType(type) is { } e) return "a list of " + Describe(e).Replace("a ", "").Replace("an ", "") + "s";
        if (type.IsGenericType && type.GetGenericArguments().Length == 2)
            return $"a mapping of {Describe(type.GetGenericArguments()[0])} to {Describe(type.GetGenericArguments()[1])}";
        return type.Name;
    }
}

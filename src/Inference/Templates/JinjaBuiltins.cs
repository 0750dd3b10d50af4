using System.Globalization;

namespace YuLanData.Inference.Templates;

/// <summary>The tests, filters, string/mapping methods and global functions that real chat templates call.</summary>
internal static class JinjaBuiltins
{
    /// <summary><c>value is name(argument)</c>.</summary>
    public static bool Test(string name, object? value, object? argument) => name switch
    {
        "defined" => value is not JinjaUndefined,
        "undefined" => value is JinjaUndefined,
        "none" => value is null,
        "string" => value is string,
        "number" => value is long or double,
        "integer" => value is long,
        "float" => value is double,
        "boolean" => value is bool,
        "true" => value is true,
        "false" => value is false,
        "mapping" => value is Dictionary<string, object?> or JinjaNamespace,
        "sequence" or "iterable" => value is List<object?> or string or Dictionary<string, object?>,
        "callable" => value is JinjaFunction,
        "even" => value is long e && e % 2 == 0,
        "odd" => value is long o && o % 2 != 0,
        "equalto" or "eq" or "sameas" => JinjaValues.AreEqual(value, argument),
        "ne" => !JinjaValues.AreEqual(value, argument),
        "lower" => value is string l && l == l.ToLowerInvariant(),
        "upper" => value is string u && u == u.ToUpperInvariant(),
        _ => throw new InvalidOperationException($"unknown test '{name}'"),
    };

    /// <summary><c>value | name(arguments)</c>.</summary>
    public static object? Filter(string name, object? value, JinjaArguments args)
    {
        switch (name)
        {
            case "trim": return AsString(value, name).Trim();
            case "upper": return AsString(value, name).ToUpperInvariant();
            case "lower": return AsString(value, name).ToLowerInvariant();
            case "capitalize": return Capitalize(AsString(value, name));
            case "title": return Title(AsString(value, name));
            case "string": return JinjaValues.ToOutput(value);
            case "length" or "count":
                return value switch
                {
                    string s => (long)s.Length,
                    List<object?> l => (long)l.Count,
                    Dictionary<string, object?> d => (long)d.Count,
                    _ => throw new InvalidOperationException($"'length' of {JinjaValues.TypeName(value)}"),
                };
            case "tojson":
                var indent = args.Get(0, "indent") is long n ? (int?)n : null;
                return JinjaValues.ToJson(value, indent, 0);
            case "first": return JinjaValues.Iterate(value).DefaultIfEmpty(JinjaUndefined.Value).First();
            case "last": return JinjaValues.Iterate(value).DefaultIfEmpty(JinjaUndefined.Value).Last();
            case "list": return JinjaValues.Iterate(value).ToList();
            case "reverse":
                return value is string rs ? new string(rs.Reverse().ToArray()) : JinjaValues.Iterate(value).Reverse().ToList();
            case "join":
                var separator = args.Get(0, "d", "") as string ?? "";
                return string.Join(separator, JinjaValues.Iterate(value).Select(JinjaValues.ToOutput));
            case "default" or "d":
                var fallback = args.Get(0, "default_value", "");
                var boolean = JinjaValues.Truthy(args.Get(1, "boolean", false));
                return value is JinjaUndefined || (boolean && !JinjaValues.Truthy(value)) ? fallback : value;
            case "items":
                return value is Dictionary<string, object?> d2
                    ? d2.Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList()
                    : throw new InvalidOperationException("'items' needs a mapping");
            case "replace":
                return AsString(value, name).Replace(AsString(args.Get(0, "old"), name), AsString(args.Get(1, "new"), name), StringComparison.Ordinal);
            case "int":
                return value switch
                {
                    long l => l, double dd => (long)Math.Truncate(dd), bool b => b ? 1L : 0L,
                    string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
                    _ => args.Get(0, "default", 0L),
                };
            case "float":
                return value switch
                {
                    long l => (double)l, double dd => dd,
                    string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) => p,
                    _ => args.Get(0, "default", 0.0),
                };
            case "abs": return value is long al ? (object)Math.Abs(al) : Math.Abs(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case "safe": return value;
            case "selectattr" or "rejectattr":
                var attribute = AsString(args.Get(0, "attr"), name);
                var keep = name == "selectattr";
                return JinjaValues.Iterate(value).Where(item =>
                {
                    var a = JinjaValues.Attribute(item, attribute);
                    var pass = args.Positional.Count >= 2
                        ? Test(AsString(args.Positional[1], name), a, args.Positional.Count >= 3 ? args.Positional[2] : null)
                        : JinjaValues.Truthy(a);
                    return pass == keep;
                }).ToList();
            case "map":
                var mapAttribute = args.Named.GetValueOrDefault("attribute");
                if (mapAttribute is string attr) return JinjaValues.Iterate(value).Select(item => JinjaValues.Attribute(item, attr)).ToList();
                var filter = AsString(args.Get(0, "filter"), name);
                var rest = new JinjaArguments(args.Positional.Skip(1).ToList(), new Dictionary<string, object?>());
                return JinjaValues.Iterate(value).Select(item => Filter(filter, item, rest)).ToList();
            default:
                throw new InvalidOperationException($"unknown filter '{name}'");
        }
    }

    /// <summary><c>value.name(arguments)</c> for strings and mappings.</summary>
    public static object? CallMethod(object? target, string name, JinjaArguments args)
    {
        if (target is string s)
        {
            string? Chars(int i) => args.Get(i, "chars") as string;
            switch (name)
            {
                case "strip": return Chars(0) is { } c1 ? s.Trim(c1.ToCharArray()) : s.Trim();
                case "lstrip": return Chars(0) is { } c2 ? s.TrimStart(c2.ToCharArray()) : s.TrimStart();
                case "rstrip": return Chars(0) is { } c3 ? s.TrimEnd(c3.ToCharArray()) : s.TrimEnd();
                case "upper": return s.ToUpperInvariant();
                case "lower": return s.ToLowerInvariant();
                case "title": return Title(s);
                case "capitalize": return Capitalize(s);
                case "startswith": return StartsOrEnds(s, args.Get(0, "prefix"), start: true);
                case "endswith": return StartsOrEnds(s, args.Get(0, "suffix"), start: false);
                case "replace":
                    var count = args.Get(2, "count") is long k ? k : -1;
                    return ReplaceCount(s, AsString(args.Get(0, "old"), name), AsString(args.Get(1, "new"), name), count);
                case "split":
                    var sep = args.Get(0, "sep") as string;
                    var max = args.Get(1, "maxsplit") is long m ? (int)m : -1;
                    var parts = sep is null
                        ? s.Split((char[]?)null, max < 0 ? int.MaxValue : max + 1, StringSplitOptions.RemoveEmptyEntries)
                        : s.Split(sep, max < 0 ? int.MaxValue : max + 1);
                    return parts.Select(p => (object?)p).ToList();
                case "find": return (long)s.IndexOf(AsString(args.Get(0, "sub"), name), StringComparison.Ordinal);
                case "count": return (long)CountOccurrences(s, AsString(args.Get(0, "sub"), name));
                case "join": return string.Join(s, JinjaValues.Iterate(args.Get(0, "iterable")).Select(JinjaValues.ToOutput));
            }
        }
        if (target is Dictionary<string, object?> d)
        {
            switch (name)
            {
                case "items": return d.Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList();
                case "keys": return d.Keys.Select(k => (object?)k).ToList();
                case "values": return d.Values.ToList();
                case "get": return args.Get(0, "key") is string key && d.TryGetValue(key, out var v) ? v : args.Get(1, "default");
            }
        }
        if (target is JinjaFunction) throw new InvalidOperationException($"'{name}' is not a method of a function");
        throw new InvalidOperationException($"{JinjaValues.TypeName(target)} has no method '{name}'");
    }

    /// <summary>The global functions: <c>namespace</c>, <c>range</c>, <c>raise_exception</c>.</summary>
    public static IEnumerable<(string Name, JinjaFunction Function)> Globals()
    {
        yield return ("namespace", a =>
        {
            var ns = new JinjaNamespace();
            if (a.Positional.Count > 0 && a.Positional[0] is Dictionary<string, object?> init)
                foreach (var (k, v) in init) ns.Values[k] = v;
            foreach (var (k, v) in a.Named) ns.Values[k] = v;
            return ns;
        });
        yield return ("range", a =>
        {
            var nums = a.Positional.Select(x => x is long l ? l : throw new InvalidOperationException("range needs integers")).ToArray();
            var (start, stop, step) = nums.Length switch { 1 => (0L, nums[0], 1L), 2 => (nums[0], nums[1], 1L), 3 => (nums[0], nums[1], nums[2]), _ => throw new InvalidOperationException("range takes 1 to 3 arguments") };
            if (step == 0) throw new InvalidOperationException("range step cannot be zero");
            var list = new List<object?>();
            for (var i = start; step > 0 ? i < stop : i > stop; i += step) list.Add(i);
            return list;
        });
        yield return ("raise_exception", a => throw new ChatTemplateException(JinjaValues.ToOutput(a.Get(0, "message"))));
    }

    private static bool StartsOrEnds(string s, object? affix, bool start) => affix switch
    {
        string a => start ? s.StartsWith(a, StringComparison.Ordinal) : s.EndsWith(a, StringComparison.Ordinal),
        List<object?> list => list.Any(x => StartsOrEnds(s, x, start)),
        _ => throw new InvalidOperationException("startswith/endswith need a string"),
    };

    private static string ReplaceCount(string s, string old, string replacement, long count)
    {
        if (count < 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var result = s;
        var from = 0;
        for (var i = 0; i < count; i++)
        {
            var at = result.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0) break;
            result = result[..at] + replacement + result[(at + old.Length)..];
            from = at + replacement.Length;
        }
        return result;
    }

    private static int CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        var n = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    private static string Title(string s)
    {
        var chars = s.ToCharArray();
        var previousIsLetter = false;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = previousIsLetter ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
            previousIsLetter = char.IsLetter(chars[i]);
        }
        return new string(chars);
    }

    private static string AsString(object? v, string context) =>
        v as string ?? throw new InvalidOperationException($"'{context}' needs a string, got {JinjaValues.TypeName(v)}");
}

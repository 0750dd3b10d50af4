using System.Collections;
using System.Globalization;
using System.Text;

namespace YuLanData.Inference.Templates;

/// <summary>
/// Jinja value semantics over plain .NET values: <c>null</c> (none), <see cref="JinjaUndefined"/>, bool, long, double,
/// string, <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c> and <see cref="JinjaNamespace"/>.
/// Output follows @huggingface/jinja: none and undefined print nothing, booleans print <c>true</c>/<c>false</c>,
/// floats keep a decimal point, lists and mappings print as JSON.
/// </summary>
internal static class JinjaValues
{
    /// <summary>The text a value renders as.</summary>
    public static string ToOutput(object? v) => v switch
    {
        null or JinjaUndefined => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        _ => ToJson(v, null, 0),
    };

    /// <summary>Jinja truthiness: none, undefined, false, 0, "" and empty collections are false.</summary>
    public static bool Truthy(object? v) => v switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>The items a for loop visits: list items, string characters, or a mapping's keys.</summary>
    public static IEnumerable<object?> Iterate(object? v) => v switch
    {
        List<object?> list => list,
        Dictionary<string, object?> d => d.Keys,
        string s => s.Select(c => (object?)c.ToString()),
        null or JinjaUndefined => [],
        _ => throw new InvalidOperationException($"cannot iterate over {TypeName(v)}"),
    };

    /// <summary>A member of a mapping or namespace (undefined when absent).</summary>
    public static object? Attribute(object? target, string name) => target switch
    {
        Dictionary<string, object?> d => d.TryGetValue(name, out var v) ? v : JinjaUndefined.Value,
        JinjaNamespace ns => ns.Values.TryGetValue(name, out var v) ? v : JinjaUndefined.Value,
        _ => JinjaUndefined.Value,
    };

    /// <summary><c>target[key]</c>: list and string indices may be negative; mappings look the key up.</summary>
    public static object? Index(object? target, object? key)
    {
        switch (target)
        {
            case List<object?> list when key is long i:
                if (i < 0) i += list.Count;
                return i >= 0 && i < list.Count ? list[(int)i] : JinjaUndefined.Value;
            case string s when key is long i:
                if (i < 0) i += s.Length;
                return i >= 0 && i < s.Length ? s[(int)i].ToString() : JinjaUndefined.Value;
            case Dictionary<string, object?> or JinjaNamespace when key is string name:
                return Attribute(target, name);
            default:
                return JinjaUndefined.Value;
        }
    }

    /// <summary>Python slicing <c>target[start:stop:step]</c> of a list or string.</summary>
    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        var n = target switch
        {
            List<object?> l => l.Count,
            string s => s.Length,
            _ => throw new InvalidOperationException($"cannot slice {TypeName(target)}"),
        };
        var k = step is long st ? st : 1;
        if (k == 0) throw new InvalidOperationException("slice step cannot be zero");
        long Clamp(object? v, long fallback)
        {
            if (v is not long x) return fallback;
            if (x < 0) x += n;
            return k > 0 ? Math.Clamp(x, 0, n) : Math.Clamp(x, -1, n - 1);
        }
        var from = Clamp(start, k > 0 ? 0 : n - 1);
        var to = Clamp(stop, k > 0 ? n : -1);
        var indices = new List<int>();
        for (var i = from; k > 0 ? i < to : i > to; i += k) indices.Add((int)i);
        return target is string str
            ? string.Concat(indices.Select(i => str[i]))
            : indices.Select(i => ((List<object?>)target!)[i]).ToList();
    }

    /// <summary><c>needle in haystack</c> for strings (substring), lists (equal item) and mappings (key).</summary>
    public static bool Contains(object? haystack, object? needle) => haystack switch
    {
        string s => needle is string n ? s.Contains(n, StringComparison.Ordinal) : throw new InvalidOperationException("'in <string>' needs a string"),
        List<object?> l => l.Any(x => AreEqual(x, needle)),
        Dictionary<string, object?> d => needle is string k && d.ContainsKey(k),
        null or JinjaUndefined => false,
        _ => throw new InvalidOperationException($"'in' is not defined for {TypeName(haystack)}"),
    };

    /// <summary>Equality as Jinja/Python compares: numbers by value, collections item by item.</summary>
    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (JinjaUndefined, JinjaUndefined) => true,
        (long x, long y) => x == y,
        (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
        _ => Equals(a, b),
    };

    /// <summary>A comparison operator's result.</summary>
    public static bool Compare(string op, object? a, object? b)
    {
        if (op == "==") return AreEqual(a, b);
        if (op == "!=") return !AreEqual(a, b);
        int order = (a, b) switch
        {
            (long x, long y) => x.CompareTo(y),
            (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
            (string x, string y) => string.CompareOrdinal(x, y),
            _ => throw new InvalidOperationException($"cannot compare {TypeName(a)} with {TypeName(b)} by '{op}'"),
        };
        return op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
    }

    /// <summary>Arithmetic: numbers (int stays int except for '/'), string and list '+', string '*' repetition.</summary>
    public static object? Arithmetic(string op, object? a, object? b)
    {
        if (op == "+" && a is string sa && b is string sb) return sa + sb;
        if (op == "+" && a is List<object?> la && b is List<object?> lb) return la.Concat(lb).ToList();
        if (op == "*" && a is string rep && b is long times) return string.Concat(Enumerable.Repeat(rep, (int)Math.Max(0, times)));
        if (a is long x && b is long y)
        {
            switch (op)
            {
                case "+": return x + y;
                case "-": return x - y;
                case "*": return x * y;
                case "/": return (double)x / y;
                case "//": return y == 0 ? throw new DivideByZeroException() : (long)Math.Floor((double)x / y);
                case "%": return y == 0 ? throw new DivideByZeroException() : ((x % y) + y) % y;
                case "**": return (long)Math.Pow(x, y);
            }
        }
        if (a is long or double && b is long or double)
        {
            var (p, q) = (Convert.ToDouble(a, CultureInfo.InvariantCulture), Convert.ToDouble(b, CultureInfo.InvariantCulture));
            return op switch
            {
                "+" => p + q, "-" => p - q, "*" => p * q, "/" => p / q, "//" => Math.Floor(p / q),
                "%" => p - q * Math.Floor(p / q), _ => Math.Pow(p, q),
            };
        }
        throw new InvalidOperationException($"unsupported operand types for {op}: {TypeName(a)} and {TypeName(b)}");
    }

    /// <summary>JSON text as Python's <c>json.dumps(ensure_ascii=False)</c> writes it (", " and ": " separators, or
    /// newlines and <paramref name="indent"/> spaces per level when given).</summary>
    public static string ToJson(object? v, int? indent, int depth)
    {
        string Break(int level) => indent is { } n ? "\n" + new string(' ', n * level) : "";
        var itemSeparator = indent is null ? ", " : ",";
        switch (v)
        {
            case null or JinjaUndefined: return "null";
            case bool b: return b ? "true" : "false";
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d: return FormatDouble(d);
            case string s: return Quote(s);
            case List<object?> list:
                if (list.Count == 0) return "[]";
                return "[" + string.Join(itemSeparator, list.Select(x => Break(depth + 1) + ToJson(x, indent, depth + 1))) + Break(depth) + "]";
            case Dictionary<string, object?> d:
                if (d.Count == 0) return "{}";
                return "{" + string.Join(itemSeparator, d.Select(kv => Break(depth + 1) + Quote(kv.Key) + ": " + ToJson(kv.Value, indent, depth + 1))) + Break(depth) + "}";
            case JinjaNamespace ns: return ToJson(ns.Values, indent, depth);
            default: throw new InvalidOperationException($"cannot serialize {TypeName(v)} to JSON");
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string FormatDouble(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains("Infinity") || s.Contains("NaN") ? s : s + ".0";
    }

    /// <summary>A value's type name for errors.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "none", JinjaUndefined => "undefined", bool => "boolean", long => "integer", double => "float",
        string => "string", List<object?> => "list", Dictionary<string, object?> => "mapping", _ => v.GetType().Name,
    };
}

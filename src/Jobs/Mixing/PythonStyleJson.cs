using System.Globalization;
using System.Text;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// Writes JSON the way Python's <c>json.dumps(obj, indent=4)</c> does (ASCII-only with <c>\uXXXX</c> escapes,
/// <c>", "</c>-free indented layout, floats as <c>repr(float)</c>), so recipe files round-trip byte for byte.
/// </summary>
public sealed class PythonStyleJson
{
    private readonly StringBuilder _sb = new();
    private readonly Stack<bool> _first = new();
    private int _depth;

    public override string ToString() => _sb.ToString();

    public void StartObject() => Open('{');

    public void EndObject() => Close('}', "{}");

    public void StartArray() => Open('[');

    public void EndArray() => Close(']', "[]");

    /// <summary>Writes a key of the current object; the value must follow.</summary>
    public void Key(string name)
    {
        NextItem();
        AppendString(name);
        _sb.Append(": ");
        _pendingValueAfterKey = true;
    }

    public void String(string value)
    {
        BeforeValue();
        AppendString(value);
    }

    public void Number(double value)
    {
        BeforeValue();
        _sb.Append(FormatFloat(value));
    }

    public void Integer(long value)
    {
        BeforeValue();
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    private bool _pendingValueAfterKey;

    private void Open(char bracket)
    {
        BeforeValue();
        _sb.Append(bracket);
        _first.Push(true);
        _depth++;
    }

    private void Close(char bracket, string empty)
    {
        bool wasEmpty = _first.Pop();
        _depth--;
        if (wasEmpty)
        {
            _sb.Length--; // remove the opening bracket and write the empty form
            _sb.Append(empty);
            return;
        }
        _sb.Append('\n').Append(' ', 4 * _depth).Append(bracket);
    }

    private void BeforeValue()
    {
        if (_pendingValueAfterKey)
        {
            _pendingValueAfterKey = false;
            return;
        }
        if (_first.Count > 0)
            NextItem();
    }

    private void NextItem()
    {
        bool first = _first.Pop();
        _first.Push(false);
        if (!first)
            _sb.Append(',');
        _sb.Append('\n').Append(' ', 4 * _depth);
    }

    private void AppendString(string s)
    {
        _sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '\b': _sb.Append("\\b"); break;
                case '\f': _sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        _sb.Append(c);
                    break;
            }
        }
        _sb.Append('"');
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, fixed notation for 1e-4 &lt;= |x| &lt; 1e16, else <c>d.ddde-05</c>.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsInfinity(value))
            return value > 0 ? "Infinity" : "-Infinity";
        if (value == 0)
            return double.IsNegative(value) ? "-0.0" : "0.0";
        // Shortest round-trip digits and decimal exponent from .NET's "E" form of the shortest representation.
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        if (negative)
            r = r[1..];
        int ePos = r.IndexOfAny(['E', 'e']);
        string mantissa = ePos < 0 ? r : r[..ePos];
        int exp = ePos < 0 ? 0 : int.Parse(r[(ePos + 1)..], CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointPos = (dot < 0 ? mantissa.Length : dot) + exp; // position of the decimal point within digits
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            pointPos--;
        }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0)
            digits = "0";
        int decExp = pointPos - 1; // scientific exponent: value = d.ddd × 10^decExp
        var sb = new StringBuilder();
        if (negative)
            sb.Append('-');
        if (decExp >= -4 && decExp < 16)
        {
            if (pointPos <= 0)
                sb.Append("0.").Append('0', -pointPos).Append(digits);
            else if (pointPos >= digits.Length)
                sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
            else
                sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(decExp < 0 ? '-' : '+').Append(Math.Abs(decExp).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

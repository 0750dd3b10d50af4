using System.Text;

namespace YuLanData.Inference.Templates;

/// <summary>
/// Compiles template tokens into delegates: expressions to <c>Func&lt;JinjaScope, object?&gt;</c>, statements to
/// <c>Action&lt;JinjaScope, StringBuilder&gt;</c>. Supports the statements chat templates use (if/elif/else, for with
/// loop variables, an optional filter and else, set, set with namespace attributes, macro-free) and the expression
/// grammar of Jinja (conditional, or/and/not, comparisons, in, is-tests, ~, arithmetic, filters, calls, attributes,
/// indexing and slicing, list/dict/tuple literals).
/// </summary>
internal sealed class JinjaParser
{
    private readonly List<JinjaToken> _tokens;
    private int _pos;

    private JinjaParser(List<JinjaToken> tokens) => _tokens = tokens;

    /// <summary>Compiles a whole template.</summary>
    public static Action<JinjaScope, StringBuilder> Compile(string source)
    {
        var parser = new JinjaParser(JinjaLexer.Tokenize(source));
        var body = parser.Block(out var end);
        if (end is not null) throw parser.Error($"unexpected '{{% {end} %}}'");
        return body;
    }

    private JinjaToken Peek => _tokens[_pos];
    private JinjaToken Next() => _tokens[_pos++];
    private FormatException Error(string message) => new($"template line {Peek.Line}: {message}");

    private bool IsOp(string op) => Peek.Kind == JinjaTokenKind.Operator && Peek.Value == op;
    private bool IsName(string name) => Peek.Kind == JinjaTokenKind.Name && Peek.Value == name;

    private void ExpectOp(string op)
    {
        if (!IsOp(op)) throw Error($"expected '{op}', found '{Peek.Value}'");
        _pos++;
    }

    private void ExpectName(string name)
    {
        if (!IsName(name)) throw Error($"expected '{name}', found '{Peek.Value}'");
        _pos++;
    }

    private string Name()
    {
        if (Peek.Kind != JinjaTokenKind.Name) throw Error($"expected a name, found '{Peek.Value}'");
        return Next().Value;
    }

    private void Expect(JinjaTokenKind kind)
    {
        if (Peek.Kind != kind) throw Error($"expected the end of the tag, found '{Peek.Value}'");
        _pos++;
    }

    // Parses nodes until the end of input or a block keyword this level does not own; returns that keyword in end
    // with the position on it (just after the opening of its statement tag).
    private Action<JinjaScope, StringBuilder> Block(out string? end, params string[] terminators)
    {
        var nodes = new List<Action<JinjaScope, StringBuilder>>();
        end = null;
        while (Peek.Kind != JinjaTokenKind.End)
        {
            var t = Next();
            if (t.Kind == JinjaTokenKind.Text)
            {
                var text = t.Value;
                nodes.Add((_, sb) => sb.Append(text));
            }
            else if (t.Kind == JinjaTokenKind.OpenExpression)
            {
                var e = Expression();
                Expect(JinjaTokenKind.CloseExpression);
                nodes.Add((s, sb) => sb.Append(JinjaValues.ToOutput(e(s))));
            }
            else if (t.Kind == JinjaTokenKind.OpenStatement)
            {
                var keyword = Name();
                if (terminators.Contains(keyword)) { end = keyword; break; }
                nodes.Add(Statement(keyword));
            }
            else throw Error($"unexpected '{t.Value}'");
        }
        if (end is null && terminators.Length > 0) throw Error($"missing '{{% {terminators[^1]} %}}'");
        var all = nodes.ToArray();
        return (s, sb) => { foreach (var n in all) n(s, sb); };
    }

    private Action<JinjaScope, StringBuilder> Statement(string keyword)
    {
        switch (keyword)
        {
            case "if": return If();
            case "for": return For();
            case "set": return Set();
            case "raw":
                throw Error("'raw' blocks are not supported");
            default:
                throw Error($"unsupported statement '{keyword}'");
        }
    }

    private Action<JinjaScope, StringBuilder> If()
    {
        var branches = new List<(Func<JinjaScope, object?> Condition, Action<JinjaScope, StringBuilder> Body)>();
        Action<JinjaScope, StringBuilder>? otherwise = null;
        var condition = Expression();
        Expect(JinjaTokenKind.CloseStatement);
        while (true)
        {
            var body = Block(out var end, "elif", "else", "endif");
            branches.Add((condition, body));
            if (end == "elif") { condition = Expression(); Expect(JinjaTokenKind.CloseStatement); continue; }
            if (end == "else")
            {
                Expect(JinjaTokenKind.CloseStatement);
                otherwise = Block(out _, "endif");
            }
            Expect(JinjaTokenKind.CloseStatement);
            break;
        }
        return (s, sb) =>
        {
            foreach (var (c, b) in branches)
                if (JinjaValues.Truthy(c(s))) { b(s, sb); return; }
            otherwise?.Invoke(s, sb);
        };
    }

    private Action<JinjaScope, StringBuilder> For()
    {
        var targets = new List<string> { Name() };
        while (IsOp(",")) { _pos++; targets.Add(Name()); }
        ExpectName("in");
        var iterable = Ternary(allowIf: false);
        Func<JinjaScope, object?>? filter = null;
        if (IsName("if")) { _pos++; filter = Or(); }
        Expect(JinjaTokenKind.CloseStatement);
        var body = Block(out var end, "else", "endfor");
        Action<JinjaScope, StringBuilder>? otherwise = null;
        if (end == "else") { Expect(JinjaTokenKind.CloseStatement); otherwise = Block(out _, "endfor"); }
        Expect(JinjaTokenKind.CloseStatement);
        return (s, sb) =>
        {
            var items = JinjaValues.Iterate(iterable(s)).ToList();
            var inner = new JinjaScope(s);
            if (filter is not null)
                items = items.Where(item => { Bind(inner, targets, item); return JinjaValues.Truthy(filter(inner)); }).ToList();
            if (items.Count == 0) { otherwise?.Invoke(s, sb); return; }
            for (var i = 0; i < items.Count; i++)
            {
                inner.Clear();
                Bind(inner, targets, items[i]);
                inner.Define("loop", new Dictionary<string, object?>
                {
                    ["index"] = (long)i + 1, ["index0"] = (long)i, ["first"] = i == 0, ["last"] = i == items.Count - 1,
                    ["length"] = (long)items.Count, ["revindex"] = (long)(items.Count - i), ["revindex0"] = (long)(items.Count - i - 1),
                    ["previtem"] = i > 0 ? items[i - 1] : JinjaUndefined.Value,
                    ["nextitem"] = i + 1 < items.Count ? items[i + 1] : JinjaUndefined.Value,
                });
                body(inner, sb);
            }
        };
    }

    private static void Bind(JinjaScope scope, List<string> targets, object? item)
    {
        if (targets.Count == 1) { scope.Define(targets[0], item); return; }
        var parts = JinjaValues.Iterate(item).ToList();
        if (parts.Count != targets.Count) throw new InvalidOperationException($"cannot unpack {parts.Count} values into {targets.Count} names");
        for (var k = 0; k < targets.Count; k++) scope.Define(targets[k], parts[k]);
    }

    private Action<JinjaScope, StringBuilder> Set()
    {
        var name = Name();
        string? attribute = null;
        if (IsOp(".")) { _pos++; attribute = Name(); }
        var targets = new List<string> { name };
        while (attribute is null && IsOp(",")) { _pos++; targets.Add(Name()); }
        if (!IsOp("=")) throw Error("block 'set' (without '=') is not supported");
        _pos++;
        var value = Ternary(allowIf: true);
        if (IsOp(","))
        {
            var items = new List<Func<JinjaScope, object?>> { value };
            while (IsOp(",")) { _pos++; items.Add(Ternary(allowIf: true)); }
            value = s => items.Select(f => f(s)).ToList();
        }
        Expect(JinjaTokenKind.CloseStatement);
        if (attribute is not null)
            return (s, _) =>
            {
                if (s.Lookup(name) is not JinjaNamespace ns) throw new InvalidOperationException($"cannot set attribute '{attribute}' of '{name}', which is not a namespace");
                ns.Values[attribute] = value(s);
            };
        return (s, _) => Bind(s, targets, value(s));
    }

    private Func<JinjaScope, object?> Expression() => Ternary(allowIf: true);

    private Func<JinjaScope, object?> Ternary(bool allowIf)
    {
        var then = Or();
        if (!allowIf || !IsName("if")) return then;
        _pos++;
        var condition = Or();
        Func<JinjaScope, object?> otherwise = _ => JinjaUndefined.Value;
        if (IsName("else")) { _pos++; otherwise = Ternary(allowIf: true); }
        return s => JinjaValues.Truthy(condition(s)) ? then(s) : otherwise(s);
    }

    private Func<JinjaScope, object?> Or()
    {
        var left = And();
        while (IsName("or"))
        {
            _pos++;
            var (l, r) = (left, And());
            left = s => l(s) is var a && JinjaValues.Truthy(a) ? a : r(s);
        }
        return left;
    }

    private Func<JinjaScope, object?> And()
    {
        var left = Not();
        while (IsName("and"))
        {
            _pos++;
            var (l, r) = (left, Not());
            left = s => l(s) is var a && !JinjaValues.Truthy(a) ? a : r(s);
        }
        return left;
    }

    private Func<JinjaScope, object?> Not()
    {
        if (!IsName("not")) return Comparison();
        _pos++;
        var inner = Not();
        return s => !JinjaValues.Truthy(inner(s));
    }

    private Func<JinjaScope, object?> Comparison()
    {
        var left = Concat();
        while (true)
        {
            var (l, op) = (left, Peek.Value);
            if (Peek.Kind == JinjaTokenKind.Operator && op is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                _pos++;
                var r = Concat();
                left = s => JinjaValues.Compare(op, l(s), r(s));
            }
            else if (IsName("in"))
            {
                _pos++;
                var r = Concat();
                left = s => JinjaValues.Contains(r(s), l(s));
            }
            else if (IsName("not") && _tokens[_pos + 1] is { Kind: JinjaTokenKind.Name, Value: "in" })
            {
                _pos += 2;
                var r = Concat();
                left = s => !JinjaValues.Contains(r(s), l(s));
            }
            else if (IsName("is"))
            {
                _pos++;
                var negate = false;
                if (IsName("not")) { _pos++; negate = true; }
                var test = Name();
                Func<JinjaScope, object?>? argument = null;
                if (IsOp("(")) { _pos++; argument = Expression(); ExpectOp(")"); }
                else if (Peek.Kind is JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float || (Peek.Kind == JinjaTokenKind.Name && Peek.Value is not ("and" or "or" or "else" or "if" or "is" or "in" or "not"))) argument = Primary();
                left = s => JinjaBuiltins.Test(test, l(s), argument?.Invoke(s)) != negate;
            }
            else return left;
        }
    }

    private Func<JinjaScope, object?> Concat()
    {
        var left = Additive();
        while (IsOp("~"))
        {
            _pos++;
            var (l, r) = (left, Additive());
            left = s => JinjaValues.ToOutput(l(s)) + JinjaValues.ToOutput(r(s));
        }
        return left;
    }

    private Func<JinjaScope, object?> Additive()
    {
        var left = Multiplicative();
        while (IsOp("+") || IsOp("-"))
        {
            var op = Next().Value;
            var (l, r) = (left, Multiplicative());
            left = s => JinjaValues.Arithmetic(op, l(s), r(s));
        }
        return left;
    }

    private Func<JinjaScope, object?> Multiplicative()
    {
        var left = Unary();
        while (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%"))
        {
            var op = Next().Value;
            var (l, r) = (left, Unary());
            left = s => JinjaValues.Arithmetic(op, l(s), r(s));
        }
        return left;
    }

    private Func<JinjaScope, object?> Unary()
    {
        if (IsOp("-")) { _pos++; var inner = Unary(); return s => JinjaValues.Arithmetic("-", 0L, inner(s)); }
        if (IsOp("+")) { _pos++; return Unary(); }
        var basis = Postfix(Primary());
        if (!IsOp("**")) return basis;
        _pos++;
        var exponent = Unary(); // right-associative, tighter than a unary minus on its left
        return s => JinjaValues.Arithmetic("**", basis(s), exponent(s));
    }

    private Func<JinjaScope, object?> Postfix(Func<JinjaScope, object?> target)
    {
        while (true)
        {
            var t = target;
            if (IsOp("."))
            {
                _pos++;
                var member = Name();
                if (IsOp("("))
                {
                    var args = Arguments();
                    target = s => JinjaBuiltins.CallMethod(t(s), member, args.Evaluate(s));
                }
                else target = s => JinjaValues.Attribute(t(s), member);
            }
            else if (IsOp("["))
            {
                _pos++;
                Func<JinjaScope, object?>? start = null, stop = null, step = null;
                var isSlice = false;
                if (!IsOp(":")) start = Expression();
                if (IsOp(":"))
                {
                    isSlice = true;
                    _pos++;
                    if (!IsOp(":") && !IsOp("]")) stop = Expression();
                    if (IsOp(":")) { _pos++; if (!IsOp("]")) step = Expression(); }
                }
                ExpectOp("]");
                target = isSlice
                    ? s => JinjaValues.Slice(t(s), start?.Invoke(s), stop?.Invoke(s), step?.Invoke(s))
                    : s => JinjaValues.Index(t(s), start!(s));
            }
            else if (IsOp("("))
            {
                var args = Arguments();
                target = s => t(s) is JinjaFunction f ? f(args.Evaluate(s)) : throw new InvalidOperationException("called a value that is not a function");
            }
            else if (IsOp("|"))
            {
                _pos++;
                var filter = Name();
                var args = IsOp("(") ? Arguments() : JinjaArgumentList.Empty;
                target = s => JinjaBuiltins.Filter(filter, t(s), args.Evaluate(s));
            }
            else return target;
        }
    }

    private JinjaArgumentList Arguments()
    {
        ExpectOp("(");
        var positional = new List<Func<JinjaScope, object?>>();
        var named = new List<(string, Func<JinjaScope, object?>)>();
        while (!IsOp(")"))
        {
            if (Peek.Kind == JinjaTokenKind.Name && _tokens[_pos + 1] is { Kind: JinjaTokenKind.Operator, Value: "=" })
            {
                var name = Next().Value;
                _pos++;
                named.Add((name, Expression()));
            }
            else positional.Add(Expression());
            if (!IsOp(",")) break;
            _pos++;
        }
        ExpectOp(")");
        return new JinjaArgumentList(positional, named);
    }

    private Func<JinjaScope, object?> Primary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case JinjaTokenKind.String:
                var text = t.Value;
                while (Peek.Kind == JinjaTokenKind.String) text += Next().Value; // adjacent literals concatenate
                return _ => text;
            case JinjaTokenKind.Integer:
            case JinjaTokenKind.Float:
                var number = JinjaLexer.Number(t);
                return _ => number;
            case JinjaTokenKind.Name:
                switch (t.Value)
                {
                    case "true" or "True": return _ => true;
                    case "false" or "False": return _ => false;
                    case "none" or "None": return _ => null;
                }
                var name = t.Value;
                return s => s.Lookup(name);
            case JinjaTokenKind.Operator when t.Value == "(":
                var first = Expression();
                if (IsOp(")")) { _pos++; return first; }
                var tuple = new List<Func<JinjaScope, object?>> { first };
                while (IsOp(",")) { _pos++; if (IsOp(")")) break; tuple.Add(Expression()); }
                ExpectOp(")");
                return s => tuple.Select(f => f(s)).ToList();
            case JinjaTokenKind.Operator when t.Value == "[":
                var items = new List<Func<JinjaScope, object?>>();
                while (!IsOp("]")) { items.Add(Expression()); if (!IsOp(",")) break; _pos++; }
                ExpectOp("]");
                return s => items.Select(f => f(s)).ToList();
            case JinjaTokenKind.Operator when t.Value == "{":
                var pairs = new List<(Func<JinjaScope, object?>, Func<JinjaScope, object?>)>();
                while (!IsOp("}"))
                {
                    var key = Expression();
                    ExpectOp(":");
                    pairs.Add((key, Expression()));
                    if (!IsOp(",")) break;
                    _pos++;
                }
                ExpectOp("}");
                return s =>
                {
                    var d = new Dictionary<string, object?>();
                    foreach (var (k, v) in pairs) d[JinjaValues.ToOutput(k(s))] = v(s);
                    return d;
                };
            default:
                _pos--;
                throw Error($"unexpected '{t.Value}'");
        }
    }
}

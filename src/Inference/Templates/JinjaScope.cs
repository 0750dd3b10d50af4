namespace YuLanData.Inference.Templates;

/// <summary>Variables visible while rendering: a for loop's body gets a child scope; <c>set</c> writes into the current one.</summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly Dictionary<string, object?> _values = new();

    /// <summary>Binds <paramref name="name"/> in this scope.</summary>
    public void Define(string name, object? value) => _values[name] = value;

    /// <summary>Removes this scope's own bindings (a loop's body starts each iteration afresh, as in Jinja).</summary>
    public void Clear() => _values.Clear();

    /// <summary>The value of <paramref name="name"/>, or <see cref="JinjaUndefined.Value"/>.</summary>
    public object? Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
            if (s._values.TryGetValue(name, out var v)) return v;
        return JinjaUndefined.Value;
    }

    private JinjaScope? Parent => parent;
}

/// <summary>The value of a name or attribute that does not exist: renders as nothing, is false, fails the <c>defined</c> test.</summary>
internal sealed class JinjaUndefined
{
    /// <summary>The one undefined value.</summary>
    public static readonly JinjaUndefined Value = new();
    private JinjaUndefined() { }
}

/// <summary>A <c>namespace(...)</c> object, whose attributes <c>set ns.x = ...</c> may change from inside loops.</summary>
internal sealed class JinjaNamespace
{
    /// <summary>The attributes.</summary>
    public Dictionary<string, object?> Values { get; } = new();
}

/// <summary>A callable value (<c>raise_exception</c>, <c>namespace</c>, ...).</summary>
internal delegate object? JinjaFunction(JinjaArguments arguments);

/// <summary>Evaluated call arguments.</summary>
internal sealed record JinjaArguments(IReadOnlyList<object?> Positional, IReadOnlyDictionary<string, object?> Named)
{
    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    public object? Get(int index, string name, object? fallback = null) =>
        Named.TryGetValue(name, out var v) ? v : index < Positional.Count ? Positional[index] : fallback;
}

/// <summary>Call arguments as compiled expressions.</summary>
internal sealed record JinjaArgumentList(IReadOnlyList<Func<JinjaScope, object?>> Positional, IReadOnlyList<(string Name, Func<JinjaScope, object?> Value)> Named)
{
    /// <summary>No arguments.</summary>
    public static readonly JinjaArgumentList Empty = new([], []);

    /// <summary>Evaluates the arguments in <paramref name="scope"/>.</summary>
    public JinjaArguments Evaluate(JinjaScope scope) =>
        new(Positional.Select(f => f(scope)).ToList(), Named.ToDictionary(n => n.Name, n => n.Value(scope)));
}

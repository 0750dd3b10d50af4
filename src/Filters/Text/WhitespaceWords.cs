namespace YuLanData.Filters.Text;

/// <summary>Allocation-free enumerator of Python's <c>str.split()</c> (no argument): runs of non-whitespace.</summary>
public ref struct WhitespaceWords
{
    private readonly ReadOnlySpan<char> _text;
    private int _pos;
    private ReadOnlySpan<char> _current;

    /// <summary>Creates an enumerator over <paramref name="text"/>.</summary>
    /// <param name="text">The text to split on whitespace (Python <c>str.isspace</c> characters).</param>
    public WhitespaceWords(ReadOnlySpan<char> text)
    {
        _text = text;
        _pos = 0;
        _current = default;
    }

    /// <summary>The current word.</summary>
    public readonly ReadOnlySpan<char> Current => _current;

    public readonly WhitespaceWords GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_pos < _text.Length && PyText.IsSpace(_text[_pos])) _pos++;
        if (_pos >= _text.Length) return false;
        int start = _pos;
        while (_pos < _text.Length && !PyText.IsSpace(_text[_pos])) _pos++;
        _current = _text[start.._pos];
        return true;
    }

    /// <summary>Number of words (Python: <c>len(text.split())</c>).</summary>
    /// <param name="text">The text.</param>
    public static int Count(ReadOnlySpan<char> text)
    {
        int n = 0;
        foreach (var _ in new WhitespaceWords(text)) n++;
        return n;
    }
}

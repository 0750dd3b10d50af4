using System.Text;
using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Writes a cleaned DOM subtree as plain text or Markdown: blocks become paragraphs, <c>&lt;br&gt;</c> a line
/// break, whitespace inside text collapses, <c>pre</c> keeps its own, headings, lists, tables and quotes keep a
/// readable shape.
/// </summary>
internal sealed class TextRenderer(HtmlExtractorSettings settings)
{
    private readonly StringBuilder _sb = new();
    private readonly bool _markdown = settings.Format == ExtractionFormat.Markdown;
    private int _pendingBreak;
    private bool _needSpace;
    private string _linePrefix = "";
    private string? _itemPrefix;
    private int _listDepth;
    private bool _inCell;

    internal bool IsEmpty => _sb.Length == 0;

    internal void Render(IElement element) => Element(element, 0);

    /// <summary>Ends the current block with a blank line (between separately rendered roots).</summary>
    internal void EndBlock() => Break(2);

    public override string ToString()
    {
        var lines = _sb.ToString().Split('\n');
        var outSb = new StringBuilder(_sb.Length);
        foreach (var line in lines)
            outSb.Append(line.TrimEnd()).Append('\n');
        return outSb.ToString().Trim('\n', ' ');
    }

    private void Break(int n)
    {
        if (_inCell)
        {
            _needSpace = true;
            return;
        }
        if (_sb.Length > 0 && n > _pendingBreak) _pendingBreak = n;
        _needSpace = false;
    }

    private void Flush()
    {
        if (_pendingBreak > 0)
        {
            _sb.Append('\n', _pendingBreak);
            _pendingBreak = 0;
            _sb.Append(_linePrefix);
            _needSpace = false;
        }
        else if (_sb.Length == 0 && _linePrefix.Length > 0) _sb.Append(_linePrefix);
        if (_itemPrefix != null)
        {
            _sb.Append(_itemPrefix);
            _itemPrefix = null;
            _needSpace = false;
        }
    }

    private bool AtLineStart => _sb.Length == 0 || _sb[^1] == '\n' || _pendingBreak > 0;

    private void Raw(string s)
    {
        Flush();
        if (_needSpace && !AtLineStart && _sb[^1] != ' ') _sb.Append(' ');
        _needSpace = false;
        _sb.Append(s);
    }

    private void Text(string s)
    {
        foreach (char ch in s)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (_sb.Length > 0 || _itemPrefix != null) _needSpace = true;
                continue;
            }
            if (_pendingBreak > 0 || _itemPrefix != null || (_sb.Length == 0 && _linePrefix.Length > 0)) Flush();
            if (_needSpace && _sb.Length > 0 && _sb[^1] is not ('\n' or ' '))
                _sb.Append(' ');
            _needSpace = false;
            _sb.Append(ch);
        }
    }

    private void Children(IElement e, int depth)
    {
        for (var child = e.FirstChild; child != null; child = child.NextSibling)
        {
            if (child is IElement ce) Element(ce, depth + 1);
            else if (child.NodeType == NodeType.Text) Text(child.TextContent);
        }
    }

    private void Element(IElement e, int depth)
    {
        string tag = e.LocalName;
        if (HtmlDom.IsJunk(tag)) return;
        if (depth > HtmlDom.MaxDepth)
        {
            Text(e.TextContent);
            return;
        }
        int level = HtmlDom.HeadingLevel(tag);
        if (level > 0)
        {
            Break(2);
            if (_markdown && !_inCell) _itemPrefix = new string('#', level) + " ";
            Children(e, depth);
            _itemPrefix = null;
            Break(2);
            return;
        }
        switch (tag)
        {
            case "br":
                if (_inCell) { _needSpace = true; return; }
                if (_sb.Length == 0) return;
                _pendingBreak = _pendingBreak >= 1 ? 2 : 1;
                _needSpace = false;
                return;
            case "hr":
                Break(2);
                return;
            case "p":
                Break(2);
                Children(e, depth);
                Break(2);
                return;
            case "pre":
                Pre(e);
                return;
            case "code" when _markdown && !_inCell:
                Raw("`");
                Children(e, depth);
                _sb.Append('`');
                return;
            case "blockquote":
                Break(2);
                if (_markdown && !_inCell)
                {
                    string saved = _linePrefix;
                    _linePrefix += "> ";
                    Children(e, depth);
                    _linePrefix = saved;
                    Break(2);
                }
                else
                {
                    Children(e, depth);
                    Break(2);
                }
                return;
            case "ul" or "ol" or "menu" or "dir":
                List(e, depth, tag == "ol");
                return;
            case "li":
                Break(1);
                if (!_inCell) _itemPrefix = new string(' ', Math.Max(0, _listDepth - 1) * 2) + "- ";
                Children(e, depth);
                Break(1);
                return;
            case "table":
                Table(e, depth);
                return;
            case "a":
                Link(e, depth);
                return;
        }
        if (HtmlDom.IsBlock(tag))
        {
            Break(1);
            Children(e, depth);
            Break(1);
        }
        else Children(e, depth);
    }

    private void List(IElement e, int depth, bool ordered)
    {
        Break(_listDepth == 0 ? 2 : 1);
        _listDepth++;
        int n = 0;
        for (var child = e.FirstChild; child != null; child = child.NextSibling)
        {
            if (child is IElement ce && ce.LocalName == "li")
            {
                n++;
                Break(1);
                if (!_inCell)
                {
                    string indent = new(' ', (_listDepth - 1) * 2);
                    _itemPrefix = indent + (ordered && _markdown ? $"{n}. " : "- ");
                }
                Children(ce, depth + 1);
                _itemPrefix = null;
                Break(1);
            }
            else if (child is IElement other) Element(other, depth + 1);
            else if (child.NodeType == NodeType.Text) Text(child.TextContent);
        }
        _listDepth--;
        Break(_listDepth == 0 ? 2 : 1);
    }

    private void Pre(IElement e)
    {
        string code = e.TextContent.Replace("\r\n", "\n").Trim('\n');
        if (code.Trim().Length == 0) return;
        Break(2);
        Flush();
        if (_inCell)
        {
            Text(code);
            return;
        }
        if (_markdown) _sb.Append("```\n");
        _sb.Append(_linePrefix.Length == 0 ? code : code.Replace("\n", "\n" + _linePrefix));
        if (_markdown) _sb.Append("\n").Append(_linePrefix).Append("```");
        Break(2);
    }

    private void Link(IElement e, int depth)
    {
        string? href = settings.IncludeLinks ? e.GetAttribute("href")?.Trim() : null;
        bool withTarget = !string.IsNullOrEmpty(href) && !href.StartsWith('#') && !href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase);
        if (!withTarget)
        {
            Children(e, depth);
            return;
        }
        if (_markdown)
        {
            Raw("[");
            Children(e, depth);
            _sb.Append("](").Append(href).Append(')');
        }
        else
        {
            Children(e, depth);
            _needSpace = true;
            Raw("(" + href + ")");
        }
    }

    private void Table(IElement table, int depth)
    {
        if (_inCell)
        {
            Children(table, depth);
            return;
        }
        Break(2);
        int rowIndex = 0;
        foreach (var row in Rows(table))
        {
            var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
            if (cells.Count == 0) continue;
            Break(1);
            if (_markdown) Raw("|");
            for (int i = 0; i < cells.Count; i++)
            {
                if (i > 0) Raw("|");
                _inCell = true;
                _needSpace = true;
                Children(cells[i], depth + 2);
                _inCell = false;
                _needSpace = true;
            }
            if (_markdown) Raw("|");
            Break(1);
            if (_markdown && rowIndex == 0)
            {
                Flush();
                _sb.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", cells.Count)));
                Break(1);
            }
            rowIndex++;
        }
        Break(2);
    }

    private static IEnumerable<IElement> Rows(IElement table)
    {
        foreach (var child in table.Children)
        {
            if (child.LocalName == "tr") yield return child;
            else if (child.LocalName is "thead" or "tbody" or "tfoot")
                foreach (var row in child.Children)
                    if (row.LocalName == "tr") yield return row;
        }
    }
}

namespace YuLanData.Synthesis.Verification;

/// <summary>Exact evaluation of calculator expressions: decimals, <c>+ - * /</c>, Python's floor division <c>//</c>, unary signs and parentheses.</summary>
public static class ArithmeticExpression
{
    /// <summary>Evaluates <paramref name="expression"/>; false when it is not a well-formed expression or divides by zero.</summary>
    public static bool TryEvaluate(string expression, out Rational value)
    {
        var parser = new Parser(expression);
        try
        {
            value = parser.Sum();
            parser.SkipSpaces();
            return parser.AtEnd;
        }
        catch (Exception e) when (e is FormatException or DivideByZeroException)
        {
            value = default;
            return false;
        }
    }

    private static Rational Floor(Rational r) =>
        new(System.Numerics.BigInteger.Divide(r.Numerator - (r.Numerator.Sign < 0 ? r.Denominator - 1 : 0), r.Denominator), 1);

    private ref struct Parser(string text)
    {
        private readonly string _text = text;
        private int _at;

        public readonly bool AtEnd => _at >= _text.Length;

        public void SkipSpaces()
        {
            while (_at < _text.Length && _text[_at] == ' ') _at++;
        }

        public Rational Sum()
        {
            var value = Product();
            while (true)
            {
                SkipSpaces();
                if (AtEnd || _text[_at] is not ('+' or '-')) return value;
                var op = _text[_at++];
                var right = Product();
                value = op == '+' ? value + right : value - right;
            }
        }

        private Rational Product()
        {
            var value = Unary();
            while (true)
            {
                SkipSpaces();
                if (AtEnd || _text[_at] is not ('*' or '/' or '×')) return value;
                var op = _text[_at++];
                var floor = op == '/' && !AtEnd && _text[_at] == '/';
                if (floor) _at++;
                var right = Unary();
                value = op != '/' ? value * right : floor ? Floor(value / right) : value / right;
            }
        }

        private Rational Unary()
        {
            SkipSpaces();
            if (!AtEnd && _text[_at] is '-' or '+')
            {
                var negative = _text[_at++] == '-';
                var operand = Unary();
                return negative ? -operand : operand;
            }
            if (!AtEnd && _text[_at] == '(')
            {
                _at++;
                var inner = Sum();
                SkipSpaces();
                if (AtEnd || _text[_at] != ')') throw new FormatException("missing ')'");
                _at++;
                return inner;
            }
            var start = _at;
            while (!AtEnd && (char.IsAsciiDigit(_text[_at]) || _text[_at] is '.' or ',')) _at++;
            var number = _text[start.._at].Replace(",", "", StringComparison.Ordinal);
            return Rational.TryParseDecimal(number, out var v) ? v : throw new FormatException($"not a number at {start}");
        }
    }
}

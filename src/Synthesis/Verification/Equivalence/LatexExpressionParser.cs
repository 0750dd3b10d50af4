using System.Numerics;

namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// Parses one scalar answer written in LaTeX or plain text into a <see cref="MathExpr"/>: numbers (decimals,
/// scientific notation <c>1e3</c>), <c>+ - * / ^</c>, <c>\cdot</c>, <c>\times</c>, implicit products (<c>2\sqrt3</c>,
/// <c>3x</c>), <c>\frac12</c>/<c>\frac{a}{b}</c>, <c>\sqrt{x}</c>/<c>\sqrt[n]{x}</c>, <c>\pi</c>, <c>e</c>,
/// <c>\infty</c>, percent (as /100), factorial and the usual functions. Trailing words (units such as <c>cm</c>,
/// <c>dollars</c>) are ignored. Expects input already cleaned by <see cref="AnswerText"/>.
/// </summary>
public static class LatexExpressionParser
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp",
    };

    /// <summary>Parses <paramref name="text"/>; null when it is not a single well-formed expression.</summary>
    /// <param name="text">The cleaned answer text.</param>
    /// <param name="hadPercent">Whether a percent sign was read (the value is already divided by 100).</param>
    public static MathExpr? TryParse(string text, out bool hadPercent)
    {
        var p = new Parser(text);
        hadPercent = false;
        try
        {
            var e = p.Sum();
            p.SkipSpaces();
            if (!p.AtEnd && !p.RestIsWords()) return null;
            hadPercent = p.SawPercent;
            return e;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Parser(string text)
    {
        private readonly string _s = text;
        private int _at;

        public bool SawPercent { get; private set; }
        public bool AtEnd => _at >= _s.Length;
        private char Peek => _at < _s.Length ? _s[_at] : '\0';

        public void SkipSpaces()
        {
            while (_at < _s.Length && char.IsWhiteSpace(_s[_at])) _at++;
        }

        /// <summary>Whether what is left is plain words (a unit), e.g. " cm" or " square units".</summary>
        public bool RestIsWords()
        {
            var rest = _s[_at..].Trim();
            return rest.Length > 0 && rest.All(c => char.IsLetter(c) || c is ' ' or '.' or '/' or '^' or '2' or '3') && char.IsLetter(rest[0]);
        }

        public MathExpr Sum()
        {
            var left = Product();
            while (true)
            {
                SkipSpaces();
                if (Peek is '+' or '-')
                {
                    var op = _s[_at++];
                    left = new MathBinary(op, left, Product());
                }
                else return left;
            }
        }

        private MathExpr Product()
        {
            var left = Unary();
            while (true)
            {
                var save = _at;
                SkipSpaces();
                if (Peek is '*' or '/')
                {
                    var op = _s[_at++];
                    left = new MathBinary(op, left, Unary());
                }
                else if (StartsPrimary(save))
                {
                    var mixed = _at == save && left is MathNumber { Value.Denominator.IsOne: true } && _s.AsSpan(_at).StartsWith("\\frac");
                    var right = Power();
                    // "2\frac{1}{2}" is the mixed number 2 1/2, as MATH writes it; "2\frac{x}{2}" stays a product.
                    left = mixed && right is MathBinary { Op: '/', Left: MathNumber, Right: MathNumber } && left is MathNumber whole
                        ? new MathBinary(whole.Value.Numerator.Sign < 0 ? '-' : '+', left, right)
                        : new MathBinary('*', left, right);
                }
                else
                {
                    _at = save;
                    return left;
                }
            }
        }

        /// <summary>Whether an implicit product continues here (a word after a space is a unit, not a factor).</summary>
        private bool StartsPrimary(int before)
        {
            if (AtEnd) return false;
            var c = Peek;
            if (char.IsAsciiDigit(c)) return _at == before; // "2 3" is not 6
            if (c is '(' or '{') return true;
            if (c == '\\') return !IsCommand("cup") && !IsCommand("text") && !IsCommand("%");
            if (char.IsLetter(c))
            {
                var end = _at;
                while (end < _s.Length && char.IsLetter(_s[end])) end++;
                var word = _s[_at..end];
                return word.Length == 1 || Functions.Contains(word) || (_at == before && word.Length <= 3 && !IsUnitLike(word));
            }
            return false;
        }

        private static bool IsUnitLike(string word) => word is "cm" or "mm" or "km" or "kg" or "in" or "ft" or "m" or "s" or "sec" or "min" or "hr" or "mph" or "lb" or "oz";

        private bool IsCommand(string name) => string.CompareOrdinal(_s, _at + 1, name, 0, name.Length) == 0;

        private MathExpr Unary()
        {
            SkipSpaces();
            if (Peek == '-')
            {
                _at++;
                return new MathNegate(Unary());
            }
            if (Peek == '+')
            {
                _at++;
                return Unary();
            }
            return Power();
        }

        private MathExpr Power()
        {
            var b = Postfix();
            SkipSpaces();
            if (Peek != '^') return b;
            _at++;
            SkipSpaces();
            MathExpr exponent;
            if (Peek == '{') exponent = Group();
            else if (Peek == '-')
            {
                _at++;
                exponent = new MathNegate(Atom());
            }
            else exponent = Atom();
            return Postfixes(new MathBinary('^', b, exponent));
        }

        private MathExpr Postfix() => Postfixes(Primary());

        private MathExpr Postfixes(MathExpr e)
        {
            while (true)
            {
                if (Peek == '%')
                {
                    _at++;
                    SawPercent = true;
                    e = new MathBinary('/', e, new MathNumber(new Rational(100, 1)));
                }
                else if (Peek == '!')
                {
                    _at++;
                    e = new MathFunction("fact", e);
                }
                else return e;
            }
        }

        /// <summary>A braced group, or one character (digit, letter) or command: a LaTeX macro argument.</summary>
        private MathExpr Argument()
        {
            SkipSpaces();
            if (Peek == '{') return Group();
            return Atom();
        }

        /// <summary>A single-token argument: one digit, one letter, or one command.</summary>
        private MathExpr Atom()
        {
            SkipSpaces();
            var c = Peek;
            if (char.IsAsciiDigit(c))
            {
                _at++;
                return new MathNumber(new Rational(c - '0', 1));
            }
            if (char.IsLetter(c))
            {
                _at++;
                return Symbol(c.ToString());
            }
            if (c == '\\' || c == '{' || c == '(') return Primary();
            throw new FormatException($"expected an argument at {_at}");
        }

        private MathExpr Group()
        {
            Expect('{');
            var e = Sum();
            SkipSpaces();
            Expect('}');
            return e;
        }

        private void Expect(char c)
        {
            SkipSpaces();
            if (Peek != c) throw new FormatException($"expected '{c}' at {_at}");
            _at++;
        }

        private MathExpr Primary()
        {
            SkipSpaces();
            var c = Peek;
            if (char.IsAsciiDigit(c) || (c == '.' && _at + 1 < _s.Length && char.IsAsciiDigit(_s[_at + 1]))) return Number();
            if (c == '(' || c == '[')
            {
                _at++;
                var e = Sum();
                Expect(c == '(' ? ')' : ']');
                return e;
            }
            if (c == '{') return Group();
            if (c == '\\') return Command();
            if (char.IsLetter(c))
            {
                var end = _at;
                while (end < _s.Length && char.IsLetter(_s[end])) end++;
                var word = _s[_at..end];
                if (Functions.Contains(word))
                {
                    _at = end;
                    return ApplyFunction(word);
                }
                _at++;
                return Subscripted(Symbol(c.ToString()));
            }
            throw new FormatException($"unexpected '{c}' at {_at}");
        }

        private MathExpr Subscripted(MathExpr symbol)
        {
            if (Peek != '_' || symbol is not MathSymbol s) return symbol;
            _at++;
            var start = _at;
            Argument();
            return new MathSymbol(s.Name + "_" + _s[start.._at].Trim('{', '}', ' '));
        }

        private static MathExpr Symbol(string name) => name switch
        {
            "e" => new MathSymbol("e"),
            _ => new MathSymbol(name),
        };

        private MathExpr Number()
        {
            var start = _at;
            while (char.IsAsciiDigit(Peek)) _at++;
            if (Peek == '.' && _at + 1 <= _s.Length)
            {
                _at++;
                while (char.IsAsciiDigit(Peek)) _at++;
            }
            if (!Rational.TryParseDecimal(_s.AsSpan(start, _at - start).TrimEnd('.'), out var value)) throw new FormatException($"bad number at {start}");
            // Scientific notation: 1e3, 2.5E-4 (an 'e' not followed by a digit is Euler's number, times).
            if (Peek is 'e' or 'E')
            {
                var k = _at + 1;
                if (k < _s.Length && _s[k] is '+' or '-') k++;
                var digits = k;
                while (k < _s.Length && char.IsAsciiDigit(_s[k])) k++;
                if (k > digits && (k >= _s.Length || !char.IsLetter(_s[k])))
                {
                    var exponent = int.Parse(_s.AsSpan(_at + 1, k - _at - 1), System.Globalization.CultureInfo.InvariantCulture);
                    if (System.Math.Abs(exponent) > 400) throw new FormatException("exponent out of range");
                    var scale = new Rational(BigInteger.Pow(10, System.Math.Abs(exponent)), 1);
                    value = exponent >= 0 ? value * scale : value / scale;
                    _at = k;
                }
            }
            return new MathNumber(value);
        }

        private MathExpr Command()
        {
            _at++; // backslash
            var start = _at;
            while (char.IsLetter(Peek)) _at++;
            var name = _s[start.._at];
            switch (name)
            {
                case "frac":
                {
                    var n = Argument();
                    var d = Argument();
                    return new MathBinary('/', n, d);
                }
                case "sqrt":
                {
                    SkipSpaces();
                    MathExpr index = new MathNumber(new Rational(2, 1));
                    if (Peek == '[')
                    {
                        _at++;
                        index = Sum();
                        Expect(']');
                    }
                    return new MathRoot(Argument(), index);
                }
                case "pi": return new MathSymbol("pi");
                case "infty" or "inf": return new MathSymbol("inf");
                case "e" or "mathrm" or "operatorname" or "mathit":
                {
                    if (name == "e") return new MathSymbol("e");
                    SkipSpaces();
                    var inner = ReadBraced();
                    if (inner == "e") return new MathSymbol("e");
                    if (Functions.Contains(inner)) return ApplyFunction(inner);
                    if (inner.Length == 1 && char.IsLetter(inner[0])) return Symbol(inner);
                    throw new FormatException($"unknown \\{name}{{{inner}}}");
                }
                case "": throw new FormatException($"stray backslash at {start}");
                default:
                    if (Functions.Contains(name)) return ApplyFunction(name);
                    if (name.Length > 1 && GreekLetters.Contains(name)) return Subscripted(new MathSymbol(name));
                    throw new FormatException($"unknown command \\{name}");
            }
        }

        private static readonly HashSet<string> GreekLetters = new(StringComparer.Ordinal)
        {
            "alpha", "beta", "gamma", "delta", "theta", "lambda", "mu", "sigma", "phi", "omega", "tau", "rho",
        };

        private string ReadBraced()
        {
            Expect('{');
            var start = _at;
            var depth = 1;
            while (!AtEnd)
            {
                if (_s[_at] == '{') depth++;
                else if (_s[_at] == '}' && --depth == 0) break;
                _at++;
            }
            if (AtEnd) throw new FormatException("unclosed brace");
            var inner = _s[start.._at].Trim();
            _at++;
            return inner;
        }

        private MathExpr ApplyFunction(string name)
        {
            MathExpr? logBase = null;
            SkipSpaces();
            if (name == "log" && Peek == '_')
            {
                _at++;
                logBase = Argument();
            }
            SkipSpaces();
            MathExpr arg;
            if (Peek == '^')
            {
                // \sin^2 x = (\sin x)^2
                _at++;
                var power = Argument();
                arg = Power();
                return new MathBinary('^', new MathFunction(name, arg, logBase), power);
            }
            arg = Power();
            return new MathFunction(name, arg, logBase);
        }
    }
}

namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>A node of a parsed mathematical expression (an answer's value).</summary>
public abstract record MathExpr;

/// <summary>An exact rational literal.</summary>
/// <param name="Value">The number.</param>
public sealed record MathNumber(Rational Value) : MathExpr;

/// <summary>A variable or named constant (<c>pi</c>, <c>e</c>, <c>inf</c>, or a letter).</summary>
/// <param name="Name">The symbol's name.</param>
public sealed record MathSymbol(string Name) : MathExpr;

/// <summary>A binary operation.</summary>
/// <param name="Op">One of <c>+ - * / ^</c>.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record MathBinary(char Op, MathExpr Left, MathExpr Right) : MathExpr;

/// <summary>Negation.</summary>
/// <param name="Operand">The negated expression.</param>
public sealed record MathNegate(MathExpr Operand) : MathExpr;

/// <summary>The <paramref name="Index"/>-th root of <paramref name="Radicand"/>.</summary>
/// <param name="Radicand">Under the root sign.</param>
/// <param name="Index">2 for a square root.</param>
public sealed record MathRoot(MathExpr Radicand, MathExpr Index) : MathExpr;

/// <summary>A function application such as <c>\sin x</c>, <c>\log_2 8</c> or <c>5!</c> (<c>fact</c>).</summary>
/// <param name="Name">Function name without backslash.</param>
/// <param name="Argument">The argument.</param>
/// <param name="Base">A logarithm's base, when written.</param>
public sealed record MathFunction(string Name, MathExpr Argument, MathExpr? Base = null) : MathExpr;

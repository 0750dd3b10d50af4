namespace YuLanData.Filters.FastText;

/// <summary>
/// A fastText weight matrix (input embeddings or output weights), dense or product-quantized. Both
/// operations reproduce fastText's float arithmetic order exactly, so predictions match the CLI bit for bit.
/// </summary>
internal abstract class FastTextMatrix
{
    /// <summary>Number of rows.</summary>
    public abstract long Rows { get; }

    /// <summary>Number of columns (the model dimension).</summary>
    public abstract int Columns { get; }

    /// <summary>Adds row <paramref name="row"/> to <paramref name="x"/> (fastText <c>addRowToVector</c>).</summary>
    public abstract void AddRowTo(Span<float> x, int row);

    /// <summary>Dot product of row <paramref name="row"/> with <paramref name="x"/> (fastText <c>dotRow</c>).</summary>
    public abstract float DotRow(ReadOnlySpan<float> x, int row);

    /// <summary>Writes the matrix in fastText's layout (without the preceding quantized flag).</summary>
    public abstract void Write(ModelFileWriter writer);
}

namespace YuLanData.Inference.Generation;

/// <summary>Recognises out-of-memory failures from libtorch (CUDA or CPU allocator) and from the engine's own budget check.</summary>
public static class OutOfMemory
{
    /// <summary>Whether <paramref name="e"/> (or an inner exception) reports running out of memory.</summary>
    public static bool Is(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is InsufficientMemoryException or OutOfMemoryException) return true;
            var m = x.Message;
            if (m.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
                || m.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase)
                || m.Contains("CUBLAS_STATUS_ALLOC_FAILED", StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}

namespace Communique.Ingest;

/// <summary>
/// Limits on what one input may cost. Documented in docs/limits.md; each has a command-line option.
/// </summary>
public sealed record InputLimits
{
    /// <summary>Largest input file read, in bytes (default 32 MiB). Larger inputs are rejected with CQ2003.</summary>
    public long MaxInputBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Largest size a compressed input may expand to, in bytes (default 64 MiB); beyond it CQ2011.</summary>
    public long MaxDecompressedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most characters of text analysed per document (default 2,000,000); the rest is dropped with warning CQ2010.</summary>
    public int MaxTextChars { get; init; } = 2_000_000;

    /// <summary>Share of control characters above which an input is taken for binary (CQ2002).</summary>
    public double MaxControlCharShare { get; init; } = 0.02;

    /// <summary>Default limits.</summary>
    public static InputLimits Default { get; } = new();
}

namespace Communique.Server;

/// <summary>A document posted to <c>POST /api/ingest</c>.</summary>
public sealed record IngestRequest(string Text, string? Url = null, string? Site = null, string? Title = null, string? Published = null);

/// <summary>What an ingest did: documents added, revised, unchanged, and the ids.</summary>
public sealed record IngestResponse(int Added, int Revised, int Unchanged, IReadOnlyList<string> Ids);

/// <summary>Server settings.</summary>
public sealed record ServerOptions
{
    /// <summary>Key required in the <c>X-Api-Key</c> header by <c>POST /api/ingest</c>; when null, ingest over HTTP is off.</summary>
    public string? ApiKey { get; init; }

    /// <summary>API requests allowed per client address per minute.</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>Largest request body accepted by ingest, in bytes.</summary>
    public long MaxIngestBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Extracts and stores posted documents; supplied by the host that owns the pipeline.</summary>
    public Func<IReadOnlyList<IngestRequest>, CancellationToken, Task<IngestResponse>>? Ingest { get; init; }
}

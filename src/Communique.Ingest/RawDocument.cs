using Communique.Core;

namespace Communique.Ingest;

/// <summary>Text and metadata read from one input, before analysis, with warnings raised while reading.</summary>
public sealed record RawDocument(string Text, DocumentMetadata Metadata, IReadOnlyList<(ErrorCode Code, string Message)> Warnings);

/// <summary>The outcome of reading one input: a document or an error, never both.</summary>
public sealed record ReadResult(string Source, RawDocument? Document, CommuniqueException? Error)
{
    /// <summary>A success.</summary>
    public static ReadResult Ok(string source, RawDocument document) => new(source, document, null);

    /// <summary>A failure.</summary>
    public static ReadResult Fail(string source, CommuniqueException error) => new(source, null, error);
}

/// <summary>Values given on the command line that override what a document's header or page says.</summary>
public sealed record MetadataOverrides(string? Url = null, string? Site = null, DateOnly? Published = null, string? Title = null)
{
    /// <summary>Applies the overrides.</summary>
    public DocumentMetadata Apply(DocumentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var url = Url ?? metadata.Url;
        var site = Site ?? metadata.Site ?? SiteOf(url);
        return metadata with
        {
            Url = url,
            Site = site,
            Published = Published ?? metadata.Published,
            Title = Title ?? metadata.Title,
        };
    }

    /// <summary>Host of a URL without "www.".</summary>
    public static string? SiteOf(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }
}

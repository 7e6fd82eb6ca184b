using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Communique.Core;

/// <summary>Where a document came from and what is known about it before analysis.</summary>
/// <param name="SourcePath">Local path, "-" for standard input, or null.</param>
/// <param name="Url">Original URL, if known.</param>
/// <param name="Site">Publishing site (host without www.), if known.</param>
/// <param name="Title">Headline, if known.</param>
/// <param name="Published">Publication date, if known.</param>
/// <param name="Language">ISO 639-1 language code, if known.</param>
/// <param name="Author">Byline, if the page names one.</param>
/// <param name="Images">The article's images with their captions (pages only).</param>
public sealed record DocumentMetadata(
    string? SourcePath = null,
    string? Url = null,
    string? Site = null,
    string? Title = null,
    DateOnly? Published = null,
    string? Language = null,
    string? Author = null,
    ImmutableArray<ArticleImage> Images = default)
{
    /// <summary>A short reference for error messages: the URL, else the path, else "(text)".</summary>
    public string Reference => Url ?? SourcePath ?? "(text)";
}

/// <summary>An image of the article: its absolute URL, alt text and caption (from figcaption or a caption element).</summary>
public sealed record ArticleImage(string Url, string? Alt, string? Caption);

/// <summary>
/// A document: it owns the text and every annotation layer; tokens, sentences and mentions are views
/// into <see cref="Text"/> by offset. Each layer is written once by the component that declares it.
/// Not thread-safe while a pipeline runs on it; read-only and shareable afterwards.
/// </summary>
public sealed class Document
{
    private readonly Dictionary<AnnotationLayer, object> _layers = [];
    private readonly List<DocumentWarning> _warnings = [];

    /// <summary>Creates a document from cleaned text and its match text (same length, folded for matching).</summary>
    /// <exception cref="ArgumentException">When the two texts differ in length.</exception>
    public Document(string text, string matchText, DocumentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(matchText);
        ArgumentNullException.ThrowIfNull(metadata);
        if (text.Length != matchText.Length)
        {
            throw new ArgumentException("The match text must have the same length as the text.", nameof(matchText));
        }

        Text = text;
        MatchText = matchText;
        Metadata = metadata;
        Id = IdOf(text);
    }

    /// <summary>First 16 hex digits of the SHA-256 of the normalized text.</summary>
    public string Id { get; }

    /// <summary>The normalized text; every offset points into it.</summary>
    public string Text { get; }

    /// <summary>Same length as <see cref="Text"/>, with quotes, dashes and spaces folded for matching.</summary>
    public string MatchText { get; }

    /// <summary>Source and metadata.</summary>
    public DocumentMetadata Metadata { get; private set; }

    /// <summary>Warnings raised while reading or analysing the document.</summary>
    public IReadOnlyList<DocumentWarning> Warnings => _warnings;

    /// <summary>The text of a span.</summary>
    public string Slice(TextSpan span) => Text[span.Start..span.End];

    /// <summary>The text of a span.</summary>
    public string Slice(int start, int end) => Text[start..end];

    /// <summary>Tokens (assigned by the tokenizer component).</summary>
    public ImmutableArray<Token> Tokens => Get(Layers.Tokens);

    /// <summary>Sentences (assigned by the sentence splitter).</summary>
    public ImmutableArray<Sentence> Sentences => Get(Layers.Sentences);

    /// <summary>True once <paramref name="layer"/> has been assigned.</summary>
    public bool Has(AnnotationLayer layer) => _layers.ContainsKey(layer);

    /// <summary>The values of a layer.</summary>
    /// <exception cref="CommuniqueException">CQ1102 when the layer has not been assigned.</exception>
    public ImmutableArray<T> Get<T>(AnnotationLayer<T> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return _layers.TryGetValue(layer, out var value)
            ? (ImmutableArray<T>)value
            : throw new CommuniqueException(ErrorCatalog.LayerMissing,
                $"Layer '{layer.Name}' has not been assigned.", Metadata.Reference,
                "Add the component that assigns it before the one that reads it.");
    }

    /// <summary>The values of a layer, or empty when it was not assigned.</summary>
    public ImmutableArray<T> GetOrEmpty<T>(AnnotationLayer<T> layer) =>
        _layers.TryGetValue(layer, out var value) ? (ImmutableArray<T>)value : [];

    /// <summary>Assigns a layer; each layer is written once.</summary>
    /// <exception cref="CommuniqueException">CQ1103 when the layer was already assigned.</exception>
    public void Set<T>(AnnotationLayer<T> layer, ImmutableArray<T> values)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!_layers.TryAdd(layer, values.IsDefault ? [] : values))
        {
            throw new CommuniqueException(ErrorCatalog.LayerAssignedTwice,
                $"Layer '{layer.Name}' was already assigned.", Metadata.Reference,
                "Each layer has one owner component; remove the duplicate.");
        }
    }

    /// <summary>Records a warning about this document.</summary>
    public void AddWarning(ErrorCode code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _warnings.Add(new DocumentWarning(code.Code, message));
    }

    /// <summary>Sets the publication date when analysis finds it in the text and the metadata had none.</summary>
    public void InferPublished(DateOnly published)
    {
        if (Metadata.Published is null)
        {
            Metadata = Metadata with { Published = published };
        }
    }

    /// <summary>The id a document with this (normalized) text has: the first 16 hex digits of its SHA-256; also used as a short stable key for other strings.</summary>
    public static string IdOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(text);
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}

using Communique.Core;

namespace Communique.Text;

/// <summary>Builds documents: cleans the raw text and derives the folded match text.</summary>
public static class DocumentFactory
{
    /// <summary>Creates a document from raw text.</summary>
    public static Document Create(string rawText, DocumentMetadata metadata)
    {
        var text = TextNormalizer.Clean(rawText);
        return new Document(text, TextNormalizer.Fold(text), metadata);
    }
}

/// <summary>Assigns <see cref="Layers.Tokens"/>.</summary>
public sealed class TokenizerComponent(Tokenizer? tokenizer = null) : IDocumentComponent
{
    private readonly Tokenizer _tokenizer = tokenizer ?? Tokenizer.Default;

    /// <inheritdoc />
    public string Name => "tokenizer";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.Tokens];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Set(Layers.Tokens, _tokenizer.Tokenize(document.MatchText));
    }
}

/// <summary>Assigns <see cref="Layers.Sentences"/>.</summary>
public sealed class SentenceSplitterComponent(SentenceSplitter? splitter = null) : IDocumentComponent
{
    private readonly SentenceSplitter _splitter = splitter ?? SentenceSplitter.Default;

    /// <inheritdoc />
    public string Name => "sentences";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.Sentences];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Set(Layers.Sentences, _splitter.Split(document.MatchText, document.Tokens));
    }
}

/// <summary>
/// Assigns <see cref="Layers.Dates"/>. When the metadata has no publication date, the first full date in
/// the opening lines of the text becomes it (release pages often print only a visible date).
/// </summary>
public sealed class DateComponent(DateParser? parser = null) : IDocumentComponent
{
    /// <summary>How far into the text (characters) a date may stand and still be taken as the publication date.</summary>
    public const int PublicationDateWindow = 400;

    private readonly DateParser _parser = parser ?? DateParser.Default;

    /// <inheritdoc />
    public string Name => "dates";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.Dates];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Metadata.Published is null)
        {
            var probe = _parser.Parse(document.Text, document.MatchText, document.Tokens, reference: null);
            var first = probe.FirstOrDefault(d => d.Start < PublicationDateWindow && d.Value is { Precision: DatePrecision.Day });
            if (first?.Value is { } found)
            {
                document.InferPublished(found.From);
            }
        }

        document.Set(Layers.Dates, _parser.Parse(document.Text, document.MatchText, document.Tokens, document.Metadata.Published));
    }
}

using Communique.Core;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>Settings of the default extraction pipeline.</summary>
public sealed record ExtractionOptions
{
    /// <summary>A directory whose lexicon files replace the embedded ones of the same name (office-holders.tsv, …).</summary>
    public string? LexiconDirectory { get; init; }
}

/// <summary>Builds the standard pipeline: tokens → sentences → dates → lexical → people → entities → quantities → topics → events.</summary>
public static class ExtractionPipeline
{
    /// <summary>Adds the text components (tokens, sentences, dates).</summary>
    public static PipelineBuilder UseText(this PipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(new TokenizerComponent()).Use(new SentenceSplitterComponent()).Use(new DateComponent());
    }

    /// <summary>Adds the extraction components that read the lexicons.</summary>
    public static PipelineBuilder UseExtraction(this PipelineBuilder builder, Lexicons lexicons)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(new LexicalComponent(lexicons))
            .Use(new PersonComponent(lexicons))
            .Use(new EntityComponent(lexicons))
            .Use(new QuantityComponent(lexicons))
            .Use(new TopicComponent(lexicons))
            .Use(new EventComponent(lexicons));
    }

    /// <summary>The default pipeline.</summary>
    public static Pipeline Create(ExtractionOptions? options = null)
    {
        var lexicons = Lexicons.Load(options?.LexiconDirectory);
        return new PipelineBuilder().UseText().UseExtraction(lexicons).Build();
    }
}

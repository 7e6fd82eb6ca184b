namespace Communique.Core;

/// <summary>A named annotation layer of a <see cref="Document"/>. Identity is by reference.</summary>
public abstract class AnnotationLayer
{
    private protected AnnotationLayer(string name) => Name = name;

    /// <summary>Layer name, used in messages and pipeline validation.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A layer holding an immutable array of <typeparamref name="T"/>.</summary>
public sealed class AnnotationLayer<T> : AnnotationLayer
{
    /// <summary>Declares a layer. Declare each layer once, as a static readonly field.</summary>
    public AnnotationLayer(string name) : base(name)
    {
    }
}

/// <summary>The layers of the output contract.</summary>
public static class Layers
{
    /// <summary>Tokens.</summary>
    public static readonly AnnotationLayer<Token> Tokens = new("tokens");
    /// <summary>Sentences.</summary>
    public static readonly AnnotationLayer<Sentence> Sentences = new("sentences");
    /// <summary>Date and time expressions, resolved.</summary>
    public static readonly AnnotationLayer<DateAnnotation> Dates = new("dates");
    /// <summary>Countries, places and organisations.</summary>
    public static readonly AnnotationLayer<EntityAnnotation> Entities = new("entities");
    /// <summary>People with office and country.</summary>
    public static readonly AnnotationLayer<PersonAnnotation> People = new("people");
    /// <summary>Figures.</summary>
    public static readonly AnnotationLayer<QuantityAnnotation> Quantities = new("quantities");
    /// <summary>Topics of cooperation.</summary>
    public static readonly AnnotationLayer<TopicAnnotation> Topics = new("topics");
    /// <summary>Coded events.</summary>
    public static readonly AnnotationLayer<EventAnnotation> Events = new("events");
}

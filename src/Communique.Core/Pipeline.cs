using System.Collections.Immutable;

namespace Communique.Core;

/// <summary>
/// A unit of analysis. It declares the layers it reads and the layers it writes; the pipeline builder
/// uses the declarations to reject an order that cannot work. Implementations must be thread-safe:
/// one instance processes many documents at once.
/// </summary>
public interface IDocumentComponent
{
    /// <summary>Short name used in messages.</summary>
    string Name { get; }

    /// <summary>Layers that must exist before <see cref="Process"/> runs.</summary>
    IReadOnlyList<AnnotationLayer> Requires { get; }

    /// <summary>Layers this component writes (each exactly once per document).</summary>
    IReadOnlyList<AnnotationLayer> Assigns { get; }

    /// <summary>Analyses one document, writing the layers in <see cref="Assigns"/>.</summary>
    void Process(Document document, CancellationToken cancellationToken);
}

/// <summary>Collects components in order and builds a frozen <see cref="Pipeline"/>.</summary>
public sealed class PipelineBuilder
{
    private readonly List<IDocumentComponent> _components = [];

    /// <summary>Appends a component.</summary>
    public PipelineBuilder Use(IDocumentComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        _components.Add(component);
        return this;
    }

    /// <summary>Validates the order and returns an immutable pipeline.</summary>
    /// <exception cref="CommuniqueException">CQ1104 when a component needs a layer no earlier component assigns, or two assign the same layer.</exception>
    public Pipeline Build()
    {
        var assignedBy = new Dictionary<AnnotationLayer, string>();
        foreach (var component in _components)
        {
            foreach (var layer in component.Requires)
            {
                if (!assignedBy.ContainsKey(layer))
                {
                    var later = _components.FirstOrDefault(c => c.Assigns.Contains(layer));
                    var hint = later is null
                        ? $"Add a component that assigns '{layer.Name}' before it."
                        : $"Move '{later.Name}' before '{component.Name}'.";
                    throw new CommuniqueException(ErrorCatalog.PipelineOrder,
                        $"Component '{component.Name}' requires layer '{layer.Name}', which no earlier component assigns.", hint: hint);
                }
            }

            foreach (var layer in component.Assigns)
            {
                if (!assignedBy.TryAdd(layer, component.Name))
                {
                    throw new CommuniqueException(ErrorCatalog.PipelineOrder,
                        $"Components '{assignedBy[layer]}' and '{component.Name}' both assign layer '{layer.Name}'.",
                        hint: "Keep one of them.");
                }
            }
        }

        return new Pipeline([.. _components]);
    }
}

/// <summary>An immutable, thread-safe sequence of components. Build it with <see cref="PipelineBuilder"/>.</summary>
public sealed class Pipeline
{
    internal Pipeline(ImmutableArray<IDocumentComponent> components) => Components = components;

    /// <summary>The components, in order.</summary>
    public ImmutableArray<IDocumentComponent> Components { get; }

    /// <summary>The layers the pipeline assigns.</summary>
    public IEnumerable<AnnotationLayer> Assigns => Components.SelectMany(c => c.Assigns);

    /// <summary>Runs every component on the document.</summary>
    /// <exception cref="CommuniqueException">CQ1101 wrapping a component failure, with the document reference.</exception>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    public void Process(Document document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var component in Components)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                component.Process(document, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not CommuniqueException)
            {
                throw new CommuniqueException(ErrorCatalog.ComponentFailed,
                    $"Component '{component.Name}' failed on document {document.Id}: {ex.GetType().Name}: {ex.Message}",
                    document.Metadata.Reference, "Report this with the document; the rest of the batch goes on.", ex);
            }
        }
    }
}

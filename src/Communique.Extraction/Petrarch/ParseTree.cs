using System.Collections.Immutable;

namespace Communique.Extraction.Petrarch;

/// <summary>A node of a Penn Treebank parse: a label with children, or a (tag word) leaf.</summary>
public sealed class ParseNode
{
    private ParseNode(string label, string? word, ImmutableArray<ParseNode> children, int firstLeaf, int endLeaf)
    {
        Label = label;
        Word = word;
        Children = children;
        FirstLeaf = firstLeaf;
        EndLeaf = endLeaf;
    }

    /// <summary>Phrase label (S, NP, VP…) or part-of-speech tag for a leaf.</summary>
    public string Label { get; }

    /// <summary>The word, for a leaf.</summary>
    public string? Word { get; }

    /// <summary>Children, empty for a leaf.</summary>
    public ImmutableArray<ParseNode> Children { get; }

    /// <summary>Index of the first leaf under this node.</summary>
    public int FirstLeaf { get; }

    /// <summary>Index one past the last leaf under this node.</summary>
    public int EndLeaf { get; }

    /// <summary>True for a (tag word) leaf.</summary>
    public bool IsLeaf => Word is not null;

    /// <summary>Parses a bracketed tree; returns the root and its leaves in order.</summary>
    /// <exception cref="FormatException">When the brackets do not balance.</exception>
    public static (ParseNode Root, ImmutableArray<ParseNode> Leaves) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var leaves = ImmutableArray.CreateBuilder<ParseNode>();
        var position = 0;
        var root = ReadNode(text, ref position, leaves) ?? throw new FormatException("Empty parse tree.");
        return (root, leaves.ToImmutable());
    }

    /// <summary>Every node below (and including) this one, depth first.</summary>
    public IEnumerable<ParseNode> Descendants()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }

    private static ParseNode? ReadNode(string text, ref int i, ImmutableArray<ParseNode>.Builder leaves)
    {
        SkipSpace(text, ref i);
        if (i >= text.Length || text[i] != '(')
        {
            return null;
        }

        i++;
        SkipSpace(text, ref i);
        var label = ReadToken(text, ref i);
        SkipSpace(text, ref i);
        if (i < text.Length && text[i] != '(' && text[i] != ')')
        {
            var word = ReadToken(text, ref i);
            SkipSpace(text, ref i);
            Expect(text, ref i);
            var leaf = new ParseNode(label, word, [], leaves.Count, leaves.Count + 1);
            leaves.Add(leaf);
            return leaf;
        }

        var first = leaves.Count;
        var children = ImmutableArray.CreateBuilder<ParseNode>();
        while (true)
        {
            SkipSpace(text, ref i);
            if (i >= text.Length)
            {
                throw new FormatException("Unbalanced parse tree.");
            }

            if (text[i] == ')')
            {
                i++;
                break;
            }

            var child = ReadNode(text, ref i, leaves) ?? throw new FormatException($"Unexpected '{text[i]}' at {i}.");
            children.Add(child);
        }

        return new ParseNode(label.Length == 0 ? "ROOT" : label, null, children.ToImmutable(), first, leaves.Count);
    }

    private static void Expect(string text, ref int i)
    {
        SkipSpace(text, ref i);
        if (i >= text.Length || text[i] != ')')
        {
            throw new FormatException($"Expected ')' at {i}.");
        }

        i++;
    }

    private static string ReadToken(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '(' && text[i] != ')')
        {
            i++;
        }

        return text[start..i];
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}

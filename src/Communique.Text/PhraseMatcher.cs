using System.Collections.Frozen;
using System.Collections.Immutable;
using Communique.Core;

namespace Communique.Text;

/// <summary>A phrase found in a token sequence: token range, character span and the phrase's values.</summary>
public readonly record struct PhraseMatch<T>(int FirstToken, int TokenCount, int Start, int End, ImmutableArray<T> Values)
{
    /// <summary>Index one past the last token.</summary>
    public int EndToken => FirstToken + TokenCount;
}

/// <summary>
/// A token trie over lexicon phrases, matched case-insensitively on folded token text; at each token the
/// longest phrase wins. Build it once with <see cref="Builder"/>; the matcher is immutable and thread-safe.
/// Lookups use span-keyed dictionaries and do not allocate per token.
/// </summary>
public sealed class PhraseMatcher<T>
{
    private readonly Node _root;

    private PhraseMatcher(Node root, int count)
    {
        _root = root;
        Count = count;
    }

    /// <summary>Number of phrases.</summary>
    public int Count { get; }

    /// <summary>Finds, at each token, the longest phrase starting there; matches may overlap.</summary>
    public ImmutableArray<PhraseMatch<T>> FindAll(string matchText, ImmutableArray<Token> tokens, int from = 0, int to = -1)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        if (to < 0)
        {
            to = tokens.Length;
        }

        var results = ImmutableArray.CreateBuilder<PhraseMatch<T>>();
        for (var i = from; i < to; i++)
        {
            if (TryMatchAt(matchText, tokens, i, to, out var match))
            {
                results.Add(match);
            }
        }

        return results.DrainToImmutable();
    }

    /// <summary>Finds, left to right, the longest phrases that do not overlap.</summary>
    public ImmutableArray<PhraseMatch<T>> FindLongest(string matchText, ImmutableArray<Token> tokens, int from = 0, int to = -1)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        if (to < 0)
        {
            to = tokens.Length;
        }

        var results = ImmutableArray.CreateBuilder<PhraseMatch<T>>();
        var i = from;
        while (i < to)
        {
            if (TryMatchAt(matchText, tokens, i, to, out var match))
            {
                results.Add(match);
                i = match.EndToken;
            }
            else
            {
                i++;
            }
        }

        return results.DrainToImmutable();
    }

    /// <summary>The longest phrase starting at token <paramref name="index"/>.</summary>
    public bool TryMatchAt(string matchText, ImmutableArray<Token> tokens, int index, int limit, out PhraseMatch<T> match)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        var node = _root;
        Node? best = null;
        var bestEnd = -1;
        for (var j = index; j < limit; j++)
        {
            var token = tokens[j];
            if (j > index && tokens[j].Has(TokenFlags.ParagraphStart))
            {
                break;
            }

            if (!node.TryGetChild(matchText.AsSpan(token.Start, token.Length), out var child))
            {
                break;
            }

            node = child;
            if (!node.Values.IsDefaultOrEmpty)
            {
                best = node;
                bestEnd = j;
            }
        }

        if (best is null)
        {
            match = default;
            return false;
        }

        match = new PhraseMatch<T>(index, bestEnd - index + 1, tokens[index].Start, tokens[bestEnd].End, best.Values);
        return true;
    }

    /// <summary>Every phrase (shortest first) that starts at token <paramref name="index"/>.</summary>
    public void MatchPrefixesAt(string matchText, ImmutableArray<Token> tokens, int index, int limit, List<PhraseMatch<T>> results)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        ArgumentNullException.ThrowIfNull(results);
        var node = _root;
        for (var j = index; j < limit; j++)
        {
            var token = tokens[j];
            if (j > index && token.Has(TokenFlags.ParagraphStart))
            {
                break;
            }

            if (!node.TryGetChild(matchText.AsSpan(token.Start, token.Length), out var child))
            {
                break;
            }

            node = child;
            if (!node.Values.IsDefaultOrEmpty)
            {
                results.Add(new PhraseMatch<T>(index, j - index + 1, tokens[index].Start, token.End, node.Values));
            }
        }
    }

    /// <summary>Collects phrases; phrases are tokenized with the same tokenizer as documents.</summary>
    public sealed class Builder
    {
        private readonly Tokenizer _tokenizer;
        private readonly BuildNode _root = new();
        private int _count;

        /// <summary>Creates a builder using <paramref name="tokenizer"/> (default: <see cref="Tokenizer.Default"/>).</summary>
        public Builder(Tokenizer? tokenizer = null) => _tokenizer = tokenizer ?? Tokenizer.Default;

        /// <summary>Tokenizes a phrase as it will be stored (cleaned, folded).</summary>
        public (string Folded, ImmutableArray<Token> Tokens) Prepare(string phrase)
        {
            ArgumentNullException.ThrowIfNull(phrase);
            var folded = TextNormalizer.Fold(TextNormalizer.Clean(phrase).Trim());
            return (folded, _tokenizer.Tokenize(folded));
        }

        /// <summary>Adds a phrase with a value; a phrase may carry several values.</summary>
        public Builder Add(string phrase, T value)
        {
            ArgumentNullException.ThrowIfNull(phrase);
            var folded = TextNormalizer.Fold(TextNormalizer.Clean(phrase).Trim());
            if (folded.Length == 0)
            {
                return this;
            }

            var node = _root;
            foreach (var token in _tokenizer.Tokenize(folded))
            {
                var key = folded[token.Start..token.End];
                if (!node.Children.TryGetValue(key, out var child))
                {
                    child = new BuildNode();
                    node.Children.Add(key, child);
                }

                node = child;
            }

            if (!node.Values.Contains(value))
            {
                node.Values.Add(value);
                _count++;
            }

            return this;
        }

        /// <summary>Freezes the phrases into a matcher.</summary>
        public PhraseMatcher<T> Build() => new(Freeze(_root), _count);

        private static Node Freeze(BuildNode node)
        {
            if (node.Children.Count == 1)
            {
                var (key, child) = node.Children.First();
                return new Node(key, Freeze(child), [.. node.Values]);
            }

            var children = node.Children.Count == 0 ? null : node.Children.ToFrozenDictionary(kv => kv.Key, kv => Freeze(kv.Value), StringComparer.OrdinalIgnoreCase);
            return new Node(children, [.. node.Values]);
        }

        private sealed class BuildNode
        {
            public Dictionary<string, BuildNode> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

            public List<T> Values { get; } = [];
        }
    }

    /// <summary>
    /// A trie node. Most nodes below the root have one child, compared directly; the others look their children
    /// up in a frozen dictionary by span, so matching hashes nothing it does not have to.
    /// </summary>
    private sealed class Node
    {
        private readonly string? _onlyKey;
        private readonly Node? _onlyChild;
        private readonly FrozenDictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly bool _hasLookup;

        public Node(FrozenDictionary<string, Node>? children, ImmutableArray<T> values)
        {
            Values = values;
            if (children is not null)
            {
                _lookup = children.GetAlternateLookup<ReadOnlySpan<char>>();
                _hasLookup = true;
            }
        }

        public Node(string onlyKey, Node onlyChild, ImmutableArray<T> values)
        {
            _onlyKey = onlyKey;
            _onlyChild = onlyChild;
            Values = values;
        }

        public ImmutableArray<T> Values { get; }

        public bool TryGetChild(ReadOnlySpan<char> key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Node? child)
        {
            if (_onlyKey is not null)
            {
                child = key.Equals(_onlyKey, StringComparison.OrdinalIgnoreCase) ? _onlyChild : null;
                return child is not null;
            }

            if (_hasLookup)
            {
                return _lookup.TryGetValue(key, out child);
            }

            child = null;
            return false;
        }
    }
}

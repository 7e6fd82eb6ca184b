using System.Collections.Immutable;
using Communique.Core;

namespace Communique.Extraction;

/// <summary>Per-token view of the lexical matches of one document.</summary>
internal sealed class LexicalIndex
{
    /// <summary>One index per document, built by the lexical component and shared by the others.</summary>
    public static readonly AnnotationLayer<LexicalIndex> Layer = new("lexical-index");

    /// <summary>The document's shared index.</summary>
    public static LexicalIndex Of(Document document) => document.Get(Layer)[0];

    private readonly int[] _cover;      // index of first match covering the token, or -1
    private readonly int[] _endingAt;   // index of first match ending at the token, or -1

    public LexicalIndex(Document document)
    {
        Document = document;
        Tokens = document.Tokens;
        Matches = document.Get(ExtractionLayers.Lexical);
        _cover = new int[Tokens.Length];
        _endingAt = new int[Tokens.Length];
        Array.Fill(_cover, -1);
        Array.Fill(_endingAt, -1);
        for (var m = 0; m < Matches.Length; m++)
        {
            var match = Matches[m];
            for (var t = match.FirstToken; t < match.EndToken; t++)
            {
                if (_cover[t] < 0)
                {
                    _cover[t] = m;
                }
            }

            if (_endingAt[match.EndToken - 1] < 0)
            {
                _endingAt[match.EndToken - 1] = m;
            }
        }
    }

    public Document Document { get; }

    public ImmutableArray<Token> Tokens { get; }

    public ImmutableArray<LexicalMatch> Matches { get; }

    public string Text => Document.MatchText;

    public ReadOnlySpan<char> Word(int token) => Text.AsSpan(Tokens[token].Start, Tokens[token].Length);

    public bool Is(int token, string word) => token >= 0 && token < Tokens.Length && Word(token).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Range [From, To) of <see cref="Matches"/> holding the readings of the phrase covering the token; empty when none.</summary>
    public (int From, int To) CoverRange(int token)
    {
        if (token < 0 || token >= Tokens.Length || _cover[token] < 0)
        {
            return (0, 0);
        }

        var from = _cover[token];
        var to = from;
        var first = Matches[from].FirstToken;
        while (to < Matches.Length && Matches[to].FirstToken == first)
        {
            to++;
        }

        return (from, to);
    }

    /// <summary>All readings of the phrase covering <paramref name="token"/>.</summary>
    public MatchRange Covering(int token)
    {
        var (from, to) = CoverRange(token);
        return new MatchRange(Matches, from, to);
    }

    /// <summary>All readings of the phrase ending at <paramref name="token"/>.</summary>
    public MatchRange EndingAt(int token)
    {
        if (token < 0 || token >= Tokens.Length || _endingAt[token] < 0)
        {
            return default;
        }

        var from = _endingAt[token];
        var to = from;
        while (to < Matches.Length && Matches[to].FirstToken == Matches[from].FirstToken)
        {
            to++;
        }

        return new MatchRange(Matches, from, to);
    }

    /// <summary>All readings of the phrase starting at <paramref name="token"/>.</summary>
    public MatchRange StartingAt(int token)
    {
        var range = Covering(token);
        return range.Length > 0 && range[0].FirstToken == token ? range : default;
    }

    public LexicalMatch? FirstOfKind(MatchRange matches, params ReadOnlySpan<LexKind> kinds)
    {
        foreach (var m in matches)
        {
            if (kinds.Contains(m.Hit.Kind))
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>The sentence index containing <paramref name="token"/>.</summary>
    public int SentenceOf(int token)
    {
        var sentences = Document.Sentences;
        int lo = 0, hi = sentences.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (token < sentences[mid].FirstToken)
            {
                hi = mid - 1;
            }
            else if (token >= sentences[mid].EndToken)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return Math.Max(0, Math.Min(lo, sentences.Length - 1));
    }
}

/// <summary>The readings of one phrase: a slice of the document's matches, enumerated without allocating.</summary>
internal readonly struct MatchRange(ImmutableArray<LexicalMatch> matches, int from, int to)
{
    public int Length => to - from;

    public LexicalMatch this[int index] => matches[from + index];

    public ReadOnlySpan<LexicalMatch> AsSpan() => Length == 0 ? default : matches.AsSpan(from, to - from);

    public ReadOnlySpan<LexicalMatch>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    public bool Any() => Length > 0;

    public bool Any(Func<LexicalMatch, bool> predicate)
    {
        foreach (var m in AsSpan())
        {
            if (predicate(m))
            {
                return true;
            }
        }

        return false;
    }

    public LexicalMatch FirstOrDefault() => Length > 0 ? this[0] : default;

    public LexicalMatch FirstOrDefault(Func<LexicalMatch, bool> predicate)
    {
        foreach (var m in AsSpan())
        {
            if (predicate(m))
            {
                return m;
            }
        }

        return default;
    }
}

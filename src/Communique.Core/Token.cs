namespace Communique.Core;

/// <summary>What a token is made of.</summary>
public enum TokenKind : byte
{
    /// <summary>Letters (possibly with digits, internal apostrophes or periods of an abbreviation).</summary>
    Word,
    /// <summary>Digits with optional internal thousands or decimal separators: 1,600 · 7.6 · 04.09.2025.</summary>
    Number,
    /// <summary>Punctuation: . , ; : ! ? quotes, brackets, dashes.</summary>
    Punctuation,
    /// <summary>Symbols such as currency signs, % or +.</summary>
    Symbol,
}

/// <summary>Facts about a token that the splitter and matchers use.</summary>
[Flags]
public enum TokenFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>First letter is upper case.</summary>
    Capitalized = 1,
    /// <summary>Every letter is upper case and there are at least two letters.</summary>
    AllCaps = 2,
    /// <summary>Whitespace precedes the token (or it starts the text).</summary>
    SpaceBefore = 4,
    /// <summary>A line break precedes the token.</summary>
    LineStart = 8,
    /// <summary>A blank line (two or more line breaks) precedes the token.</summary>
    ParagraphStart = 16,
    /// <summary>The token contains a digit.</summary>
    HasDigit = 32,
    /// <summary>The token is a known abbreviation that keeps its final period (Mr., H.E., U.S.).</summary>
    Abbreviation = 64,
}

/// <summary>A token: a view of <c>[Start, End)</c> of the document text.</summary>
public readonly record struct Token(int Start, int End, TokenKind Kind, TokenFlags Flags)
{
    /// <summary>Length in UTF-16 code units.</summary>
    public int Length => End - Start;

    /// <summary>True if every flag in <paramref name="flags"/> is set.</summary>
    public bool Has(TokenFlags flags) => (Flags & flags) == flags;

    /// <summary>The span the token covers.</summary>
    public TextSpan Span => new(Start, End);
}

/// <summary>A sentence: its character span and the token range it owns.</summary>
public readonly record struct Sentence(int Start, int End, int FirstToken, int TokenCount)
{
    /// <summary>Index one past the last token of the sentence.</summary>
    public int EndToken => FirstToken + TokenCount;

    /// <summary>The span the sentence covers.</summary>
    public TextSpan Span => new(Start, End);
}

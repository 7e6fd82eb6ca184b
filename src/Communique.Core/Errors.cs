namespace Communique.Core;

/// <summary>An entry of the error catalogue.</summary>
/// <param name="Code">Stable code, CQ followed by four digits.</param>
/// <param name="Title">Short description.</param>
/// <param name="IsTransient">True when retrying the same operation later may succeed.</param>
public readonly record struct ErrorCode(string Code, string Title, bool IsTransient = false)
{
    /// <inheritdoc />
    public override string ToString() => Code;
}

/// <summary>
/// The catalogue of error and warning codes. CQ1xxx: documents and pipeline; CQ2xxx: input and formats;
/// CQ25xx: the web; CQ3xxx: lexicons and configuration; CQ4xxx: evaluation. See docs/errors.md.
/// </summary>
public static class ErrorCatalog
{
    /// <summary>A component threw while processing a document.</summary>
    public static readonly ErrorCode ComponentFailed = new("CQ1101", "A pipeline component failed on this document");
    /// <summary>A component read a layer nobody assigned.</summary>
    public static readonly ErrorCode LayerMissing = new("CQ1102", "Annotation layer not assigned");
    /// <summary>A layer was assigned twice.</summary>
    public static readonly ErrorCode LayerAssignedTwice = new("CQ1103", "Annotation layer assigned twice");
    /// <summary>The pipeline's components are in an order that cannot work.</summary>
    public static readonly ErrorCode PipelineOrder = new("CQ1104", "Pipeline components in a wrong order");
    /// <summary>Processing a document took longer than allowed.</summary>
    public static readonly ErrorCode Timeout = new("CQ1105", "Document processing timed out", IsTransient: true);

    /// <summary>The document has no text.</summary>
    public static readonly ErrorCode EmptyDocument = new("CQ2001", "Document is empty");
    /// <summary>The input looks binary.</summary>
    public static readonly ErrorCode BinaryContent = new("CQ2002", "Input is binary, not text");
    /// <summary>The input exceeds the size limit.</summary>
    public static readonly ErrorCode TooLarge = new("CQ2003", "Input exceeds the size limit");
    /// <summary>Invalid UTF-8 was replaced (warning).</summary>
    public static readonly ErrorCode InvalidUtf8 = new("CQ2004", "Invalid UTF-8 replaced");
    /// <summary>The file could not be read.</summary>
    public static readonly ErrorCode Unreadable = new("CQ2005", "Input could not be read", IsTransient: true);
    /// <summary>The input format is not supported.</summary>
    public static readonly ErrorCode UnsupportedFormat = new("CQ2006", "Input format not supported");
    /// <summary>The header could not be parsed (warning).</summary>
    public static readonly ErrorCode BadHeader = new("CQ2007", "Document header not understood");
    /// <summary>The path does not exist.</summary>
    public static readonly ErrorCode NotFound = new("CQ2008", "Input not found");
    /// <summary>Several writing systems are mixed (warning).</summary>
    public static readonly ErrorCode MixedScripts = new("CQ2009", "Mixed writing systems");
    /// <summary>The text was truncated at the analysis limit (warning).</summary>
    public static readonly ErrorCode Truncated = new("CQ2010", "Text truncated at the analysis limit");
    /// <summary>The compressed input is corrupt or expands too far.</summary>
    public static readonly ErrorCode BadCompression = new("CQ2011", "Compressed input is corrupt or too large");
    /// <summary>The text is not in a language the extractors handle (warning).</summary>
    public static readonly ErrorCode UnsupportedLanguage = new("CQ2012", "Language not supported by the extractors");

    /// <summary>robots.txt of the site disallows the URL for our user agent.</summary>
    public static readonly ErrorCode RobotsDisallowed = new("CQ2501", "Refused by the site's robots.txt");
    /// <summary>The URL resolves to an address that is not allowed (loopback, private, link-local, metadata).</summary>
    public static readonly ErrorCode AddressRefused = new("CQ2502", "Address not allowed");
    /// <summary>The server answered with an error status; 5xx and 429 are transient.</summary>
    public static readonly ErrorCode HttpStatus = new("CQ2503", "HTTP error status");
    /// <summary>Redirects went on longer than allowed, or in a loop.</summary>
    public static readonly ErrorCode TooManyRedirects = new("CQ2504", "Too many redirects");
    /// <summary>The server did not answer, or not completely, in time.</summary>
    public static readonly ErrorCode FetchTimeout = new("CQ2505", "Request timed out", IsTransient: true);
    /// <summary>The response is not HTML, text or a feed.</summary>
    public static readonly ErrorCode ContentType = new("CQ2506", "Content type not supported");
    /// <summary>The connection failed (DNS, refused, reset).</summary>
    public static readonly ErrorCode NetworkFailure = new("CQ2507", "Network failure", IsTransient: true);
    /// <summary>The document repeats, exactly or nearly, one already read in the run (notice; it is skipped).</summary>
    public static readonly ErrorCode Duplicate = new("CQ2509", "Duplicate document skipped");
    /// <summary>The URL is not an absolute http or https URL.</summary>
    public static readonly ErrorCode BadUrl = new("CQ2508", "Not an http(s) URL");

    /// <summary>A lexicon file is malformed.</summary>
    public static readonly ErrorCode LexiconFormat = new("CQ3001", "Lexicon file malformed");
    /// <summary>A command-line option is invalid.</summary>
    public static readonly ErrorCode BadOption = new("CQ3002", "Invalid option");

    /// <summary>A gold file is malformed.</summary>
    public static readonly ErrorCode GoldFormat = new("CQ4001", "Gold file malformed");
    /// <summary>A score is below its floor.</summary>
    public static readonly ErrorCode BelowFloor = new("CQ4002", "Score below floor");
}

/// <summary>
/// An error with a catalogue code, the document it concerns (id, path or URL — never its text), whether a
/// retry can help, and what to do about it.
/// </summary>
public sealed class CommuniqueException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CommuniqueException(ErrorCode code, string message, string? documentRef = null, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        DocumentRef = documentRef;
        Hint = hint;
    }

    /// <summary>Parameterless constructor for serializers; prefer the full one.</summary>
    public CommuniqueException() : this(ErrorCatalog.ComponentFailed, "Unspecified error")
    {
    }

    /// <summary>Constructor with a message only; prefer the full one.</summary>
    public CommuniqueException(string message) : this(ErrorCatalog.ComponentFailed, message)
    {
    }

    /// <summary>Constructor with a message and inner exception; prefer the full one.</summary>
    public CommuniqueException(string message, Exception innerException) : this(ErrorCatalog.ComponentFailed, message, inner: innerException)
    {
    }

    /// <summary>The catalogue entry.</summary>
    public ErrorCode Code { get; }

    /// <summary>Path, URL or id of the document concerned, if any.</summary>
    public string? DocumentRef { get; }

    /// <summary>What the user can do.</summary>
    public string? Hint { get; }

    /// <summary>True when retrying later may succeed.</summary>
    public bool IsTransient => Code.IsTransient;
}

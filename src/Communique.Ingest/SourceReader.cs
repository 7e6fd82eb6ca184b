using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Communique.Core;

namespace Communique.Ingest;

/// <summary>
/// Reads inputs — files, directories (recursively, in name order) and standard input ("-") — into raw
/// documents. Text files may carry a header (<see cref="HeaderParser"/>); HTML files (also .html.gz) go
/// through an <see cref="IArticleExtractor"/>. Each input yields a document or a specific error; one bad
/// input never stops the others.
/// </summary>
public sealed partial class SourceReader
{
    private static readonly string[] TextExtensions = [".txt", ".text", ".md"];
    private static readonly string[] HtmlExtensions = [".html", ".htm", ".xhtml"];
    private static readonly string[] FeedExtensions = [".xml", ".rss", ".atom"];

    private readonly InputLimits _limits;
    private readonly IArticleExtractor _extractor;
    private readonly MetadataOverrides _overrides;
    private readonly LanguageIdentifier _languages;

    static SourceReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Creates a reader.</summary>
    public SourceReader(InputLimits? limits = null, IArticleExtractor? extractor = null, MetadataOverrides? overrides = null, LanguageIdentifier? languages = null)
    {
        _languages = languages ?? LanguageIdentifier.Default;
        _limits = limits ?? InputLimits.Default;
        _extractor = extractor ?? new HtmlArticleExtractor();
        _overrides = overrides ?? new MetadataOverrides();
    }

    /// <summary>True for file names this reader takes from a directory (.txt, .html, .htm, .xhtml, .xml, .rss, .atom, also gzipped); Markdown and README files are read only when named.</summary>
    public static bool IsSupported(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return extension is ".txt" or ".text" or ".warc" || HtmlExtensions.Contains(extension) || FeedExtensions.Contains(extension);
    }

    /// <summary>True for WARC files (.warc, .warc.gz), which are streamed record by record.</summary>
    public static bool IsWarc(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".warc", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".warc.gz", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Expands inputs into sources: "-" stays, directories become their supported files.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            if (input == "-" || !Directory.Exists(input))
            {
                yield return input;
                continue;
            }

            var files = Directory.EnumerateFiles(input, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
                .Where(IsSupported)
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                yield return file;
            }
        }
    }

    /// <summary>Reads every input, in order; a feed yields one result per item.</summary>
    public async IAsyncEnumerable<ReadResult> ReadAllAsync(IEnumerable<string> inputs, Stream? stdin = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var source in Expand(inputs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsWarc(source) && File.Exists(source))
            {
                await foreach (var result in ReadWarcAsync(source, cancellationToken).ConfigureAwait(false))
                {
                    yield return result;
                }

                continue;
            }

            foreach (var result in await ReadAsync(source, stdin, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }

    /// <summary>
    /// Streams a WARC file (any size; each record at most <see cref="InputLimits.MaxInputBytes"/>): one result per
    /// successful (2xx) response or resource record holding HTML, text or a feed, with the record's target URI as
    /// the page's address; other records (images, scripts, redirects, errors, requests) are passed over. A bad
    /// record is an error for that record only.
    /// </summary>
    public async IAsyncEnumerable<ReadResult> ReadWarcAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream? file = null;
        CommuniqueException? openError = null;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            openError = new CommuniqueException(ErrorCatalog.Unreadable, $"'{path}' could not be read: {ex.Message}", path, "Check the path and permissions.", ex);
        }

        if (file is null)
        {
            yield return ReadResult.Fail(path, openError!);
            yield break;
        }

        await using (file.ConfigureAwait(false))
        {
            await foreach (var item in new WarcReader(_limits.MaxInputBytes).ReadAsync(file, path, cancellationToken).ConfigureAwait(false))
            {
                if (item.Error is { } error)
                {
                    yield return ReadResult.Fail(path, error);
                    continue;
                }

                var record = item.Record!;
                if (record.HttpStatus is < 200 or >= 300 || !IsDocumentType(record.ContentType))
                {
                    continue;
                }

                var label = record.TargetUri ?? string.Create(CultureInfo.InvariantCulture, $"{path}@{record.Offset}");
                var url = record.TargetUri is { } target && Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
                IReadOnlyList<ReadResult> results;
                try
                {
                    results = [.. DecodeAll(label, record.Body, url, record.ContentType).Select(d => ReadResult.Ok(label, d))];
                }
                catch (CommuniqueException ex)
                {
                    results = [ReadResult.Fail(label, ex)];
                }

                foreach (var result in results)
                {
                    yield return result;
                }
            }
        }
    }

    private static bool IsDocumentType(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return media is null or "" or "text/html" or "application/xhtml+xml" or "text/plain" or "application/rss+xml" or "application/atom+xml"
            or "application/rdf+xml" or "application/xml" or "text/xml";
    }

    /// <summary>Reads one input (several documents for a feed); never throws for bad content, only for cancellation.</summary>
    public async Task<IReadOnlyList<ReadResult>> ReadAsync(string source, Stream? stdin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            byte[] bytes;
            if (source == "-")
            {
                bytes = await ReadLimitedAsync(stdin ?? Console.OpenStandardInput(), source, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (!File.Exists(source))
                {
                    throw new CommuniqueException(ErrorCatalog.NotFound, $"'{source}' does not exist.", source, "Check the path; directories are read recursively.");
                }

                var length = new FileInfo(source).Length;
                if (length > _limits.MaxInputBytes)
                {
                    throw TooLarge(source, length);
                }

                var stream = File.OpenRead(source);
                await using (stream.ConfigureAwait(false))
                {
                    bytes = await ReadLimitedAsync(stream, source, cancellationToken).ConfigureAwait(false);
                }
            }

            return [.. DecodeAll(source, bytes).Select(d => ReadResult.Ok(source, d))];
        }
        catch (CommuniqueException ex)
        {
            return [ReadResult.Fail(source, ex)];
        }
        catch (IOException ex)
        {
            return [ReadResult.Fail(source, new CommuniqueException(ErrorCatalog.Unreadable, $"'{source}' could not be read: {ex.Message}", source, "Check permissions and retry.", ex))];
        }
        catch (UnauthorizedAccessException ex)
        {
            return [ReadResult.Fail(source, new CommuniqueException(ErrorCatalog.Unreadable, $"'{source}' could not be read: {ex.Message}", source, "Check permissions.", ex))];
        }
    }

    /// <summary>Turns the bytes of one input into raw documents: one, or one per feed item.</summary>
    public IReadOnlyList<RawDocument> DecodeAll(string source, byte[] bytes) => DecodeAll(source, bytes, null, null);

    /// <summary>
    /// Decodes a fetched body: <paramref name="url"/> is the page's address (for the article's URL and site) and
    /// <paramref name="contentType"/> the response's Content-Type, whose charset wins over the page's own
    /// declaration (a byte-order mark wins over both) and whose media type says HTML, feed or text.
    /// </summary>
    public IReadOnlyList<RawDocument> DecodeAll(string source, byte[] bytes, string? url, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(bytes);
        var warnings = new List<(ErrorCode, string)>();
        var name = source;
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            bytes = Gunzip(source, bytes);
            name = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? source[..^3] : source;
        }

        if (bytes.Length == 0)
        {
            throw new CommuniqueException(ErrorCatalog.EmptyDocument, $"'{source}' is empty.", source, "Nothing to extract; remove it from the batch.");
        }

        if (LooksBinary(bytes))
        {
            throw new CommuniqueException(ErrorCatalog.BinaryContent, $"'{source}' looks binary (NUL or control bytes), not text or HTML.", source,
                "Give a .txt or .html file; PDF and office files are not supported yet.");
        }

        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        var transportCharset = contentType is null ? null : Charset().Match(contentType) is { Success: true } m ? m.Groups[1].Value : null;
        var extension = media switch
        {
            "text/html" or "application/xhtml+xml" => ".html",
            "application/rss+xml" or "application/atom+xml" or "application/rdf+xml" => ".xml",
            "text/plain" => ".txt",
            _ => Path.GetExtension(url is null ? name : new Uri(url).AbsolutePath).ToLowerInvariant(),
        };
        if (FeedExtensions.Contains(extension) || (!TextExtensions.Contains(extension) && !HtmlExtensions.Contains(extension) && FeedReader.LooksLikeFeed(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 2048)))))
        {
            var xml = DecodeText(bytes, isHtml: false, warnings, source, transportCharset);
            return [.. FeedReader.Parse(xml, source).Where(i => i.Text.Length > 0).Select(item => Finish(source,
                new DocumentMetadata(SourcePath: source == "-" ? "-" : source, Url: item.Link, Site: MetadataOverrides.SiteOf(item.Link), Title: item.Title, Published: item.Published, Language: item.Language),
                item.Text, [.. warnings], isHtml: false, applyUrl: false))];
        }

        var isHtml = HtmlExtensions.Contains(extension) || (!TextExtensions.Contains(extension) && SniffHtml(bytes));
        var text = DecodeText(bytes, isHtml, warnings, source, transportCharset);
        var metadata = new DocumentMetadata(SourcePath: url is not null ? null : source == "-" ? "-" : source, Url: url, Site: url is null ? null : MetadataOverrides.SiteOf(url));
        if (isHtml)
        {
            var article = _extractor.Extract(text, _overrides.Url ?? url);
            metadata = metadata with { Url = article.Url ?? url, Site = article.Site ?? metadata.Site, Title = article.Title, Published = article.Published, Language = article.Language, Author = article.Author, Images = [.. article.Images] };
            text = article.Text;
        }
        else
        {
            var (body, parsed, warning) = HeaderParser.Parse(text, metadata);
            if (warning is not null)
            {
                warnings.Add((ErrorCatalog.BadHeader, warning));
            }

            (text, metadata) = (body, parsed);
        }

        return [Finish(source, metadata, text, warnings, isHtml, applyUrl: true)];
    }

    private RawDocument Finish(string source, DocumentMetadata metadata, string text, List<(ErrorCode, string)> warnings, bool isHtml, bool applyUrl)
    {
        metadata = applyUrl ? _overrides.Apply(metadata) : (_overrides with { Url = null }).Apply(metadata);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CommuniqueException(ErrorCatalog.EmptyDocument, $"'{source}' has no text{(isHtml ? " in its article" : string.Empty)}.", source,
                isHtml ? "The page may be built by scripts; save the rendered page." : "Nothing to extract; remove it from the batch.");
        }

        if (text.Length > _limits.MaxTextChars)
        {
            warnings.Add((ErrorCatalog.Truncated, $"Text has {text.Length:N0} characters; analysed the first {_limits.MaxTextChars:N0} (limit --max-chars)."));
            text = text[.._limits.MaxTextChars];
        }

        if (MixedScripts(text) is { } scripts)
        {
            warnings.Add((ErrorCatalog.MixedScripts, $"Text mixes writing systems ({scripts}); only Latin-script English is analysed."));
        }

        // The text's own language wins over the page's declaration (templates often say lang="en" on every translation).
        if (_languages.Identify(text) is { } identified)
        {
            metadata = metadata with { Language = identified };
        }

        if (metadata.Language is { Length: > 0 } language && !language.Equals("en", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add((ErrorCatalog.UnsupportedLanguage, $"The text is in {LanguageIdentifier.NameOf(language)} ({language}); the lexicons are English, so people, places, figures and events will mostly be missed."));
        }

        return new RawDocument(text, metadata, warnings);
    }

    private async Task<byte[]> ReadLimitedAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _limits.MaxInputBytes)
            {
                throw TooLarge(source, buffer.Length + read);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private CommuniqueException TooLarge(string source, long length) =>
        new(ErrorCatalog.TooLarge, $"'{source}' has {length:N0} bytes, over the limit of {_limits.MaxInputBytes:N0}.", source,
            "Split the file, or raise the limit with --max-bytes if it really is one document.");

    private byte[] Gunzip(string source, byte[] bytes)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                if (output.Length + read > _limits.MaxDecompressedBytes)
                {
                    throw new CommuniqueException(ErrorCatalog.BadCompression, $"'{source}' expands past {_limits.MaxDecompressedBytes:N0} bytes.", source,
                        "It may be a compression bomb; raise --max-bytes only if you trust the file.");
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new CommuniqueException(ErrorCatalog.BadCompression, $"'{source}' is not valid gzip: {ex.Message}", source, "Re-download or re-compress the file.", ex);
        }
    }

    private bool LooksBinary(byte[] bytes)
    {
        var sample = Math.Min(bytes.Length, 8192);
        var control = 0;
        for (var i = 0; i < sample; i++)
        {
            var b = bytes[i];
            if (b == 0)
            {
                return true;
            }

            if (b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b))
            {
                control++;
            }
        }

        return control > sample * _limits.MaxControlCharShare;
    }

    private static bool SniffHtml(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 1024)).TrimStart().ToLowerInvariant();
        return head.StartsWith("<!doctype html", StringComparison.Ordinal) || head.StartsWith("<html", StringComparison.Ordinal) || head.Contains("<body", StringComparison.Ordinal);
    }

    private static string DecodeText(byte[] bytes, bool isHtml, List<(ErrorCode, string)> warnings, string source, string? transportCharset = null)
    {
        // A byte-order mark decides; then an HTML charset declaration; then strict UTF-8; then UTF-8 with replacement.
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (isHtml || transportCharset is not null)
        {
            var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
            var charset = transportCharset is not null ? Charset().Match("charset=" + transportCharset) : Charset().Match(head);
            if (charset.Success)
            {
                try
                {
                    var encoding = Encoding.GetEncoding(charset.Groups[1].Value.Trim());
                    if (encoding.CodePage != Encoding.UTF8.CodePage)
                    {
                        return encoding.GetString(bytes);
                    }
                }
                catch (ArgumentException)
                {
                    warnings.Add((ErrorCatalog.InvalidUtf8, $"Unknown charset '{charset.Groups[1].Value}' declared; read as UTF-8."));
                }
            }
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            warnings.Add((ErrorCatalog.InvalidUtf8, $"'{source}' is not valid UTF-8 (first bad byte at offset {ex.Index}); bad bytes were replaced with U+FFFD."));
            return Encoding.UTF8.GetString(bytes);
        }
    }

    private static string? MixedScripts(string text)
    {
        int latin = 0, cyrillic = 0, arabic = 0, cjk = 0;
        var limit = Math.Min(text.Length, 20000);
        for (var i = 0; i < limit; i++)
        {
            var c = text[i];
            if (c < 0x250 && char.IsLetter(c))
            {
                latin++;
            }
            else if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (c is >= '\u0600' and <= '\u06FF')
            {
                arabic++;
            }
            else if (c is >= '\u3040' and <= '\u9FFF')
            {
                cjk++;
            }
        }

        var total = latin + cyrillic + arabic + cjk;
        if (total == 0 || latin >= total * 0.9)
        {
            return null;
        }

        var parts = new List<string>();
        if (latin > 0)
        {
            parts.Add("Latin");
        }

        if (cyrillic > 0)
        {
            parts.Add("Cyrillic");
        }

        if (arabic > 0)
        {
            parts.Add("Arabic");
        }

        if (cjk > 0)
        {
            parts.Add("CJK");
        }

        return string.Join(", ", parts);
    }

    [GeneratedRegex(@"charset\s*=\s*[""']?([A-Za-z0-9_\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Charset();
}

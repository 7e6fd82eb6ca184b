using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Communique.Core;

namespace Communique.Ingest;

/// <summary>A <c>response</c> or <c>resource</c> record read from a WARC file.</summary>
/// <param name="Type">The WARC record type, lower case: <c>response</c> or <c>resource</c>.</param>
/// <param name="TargetUri">The record's <c>WARC-Target-URI</c> (angle brackets of WARC 1.0 removed), if any.</param>
/// <param name="Date">The record's <c>WARC-Date</c>, if present and valid.</param>
/// <param name="ContentType">
/// For an HTTP response, the HTTP <c>Content-Type</c> header (parameters such as charset kept); otherwise the
/// record's WARC <c>Content-Type</c>.
/// </param>
/// <param name="HttpStatus">The HTTP status code of an HTTP response; null for other records.</param>
/// <param name="Body">
/// For an HTTP response, the entity body with its transfer and content codings (chunked, gzip, deflate, br)
/// removed; otherwise the whole record block.
/// </param>
/// <param name="Offset">Byte offset of the record's version line in the uncompressed WARC stream.</param>
public sealed record WarcRecord(string Type, string? TargetUri, DateTimeOffset? Date, string? ContentType, int? HttpStatus, byte[] Body, long Offset);

/// <summary>One record of interest of a WARC file: either the record or the error that kept it from being read.</summary>
/// <param name="Record">The record, when it could be read.</param>
/// <param name="Error">Why the record (or the rest of the file) could not be read.</param>
public sealed record WarcItem(WarcRecord? Record, CommuniqueException? Error);

/// <summary>
/// Streams the <c>response</c> and <c>resource</c> records of a WARC 1.0 or 1.1 file (ISO 28500), plain or
/// gzipped record by record (<c>.warc.gz</c>). The file is never loaded whole: headers are read line by line,
/// blocks of other record types are skipped without being buffered, and a block is held in memory only when it
/// is returned and within the size limit. A bad record yields an error item and reading goes on at the next
/// record; when the file cannot be resynchronised (it ends inside a record, or its compression is corrupt)
/// the error is the last item. Nothing throws for bad content, only for cancellation.
/// </summary>
public sealed class WarcReader
{
    private const string Response = "response";
    private const string Resource = "resource";
    private const int MaxHeaderLineBytes = 64 * 1024;
    private const int MaxHeaderBytes = 1024 * 1024;
    private const int MaxVersionLineBytes = 64;

    private readonly long _maxRecordBytes;

    /// <summary>Creates a reader.</summary>
    /// <param name="maxRecordBytes">
    /// The largest record block held in memory, in bytes; it also bounds what a compressed HTTP body may expand to.
    /// Values above <see cref="Array.MaxLength"/> are lowered to it.
    /// </param>
    public WarcReader(long maxRecordBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordBytes);
        _maxRecordBytes = Math.Min(maxRecordBytes, Array.MaxLength);
    }

    /// <summary>The largest record block held in memory, in bytes.</summary>
    public long MaxRecordBytes => _maxRecordBytes;

    /// <summary>
    /// Reads the records of a WARC stream, in order: one item per <c>response</c> or <c>resource</c> record,
    /// and one per record that could not be read. The stream is read forward only and is not disposed.
    /// </summary>
    /// <param name="stream">The WARC data, plain or gzipped (detected from its first bytes).</param>
    /// <param name="source">Name of the input (path or URL) for error messages.</param>
    /// <param name="cancellationToken">Cancels the reading; the only exception thrown for a readable stream.</param>
    public async IAsyncEnumerable<WarcItem> ReadAsync(Stream stream, string source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        using var session = new Session(this, stream, source);
        while (true)
        {
            var step = await session.NextAsync(cancellationToken).ConfigureAwait(false);
            if (step.Item is not null)
            {
                yield return step.Item;
            }

            if (step.Stop)
            {
                yield break;
            }
        }
    }

    private static bool IsVersionLine(string? line)
    {
        // WARC/1.0 and WARC/1.1; a later 1.x keeps the same record syntax.
        if (line is null)
        {
            return false;
        }

        var text = line.AsSpan().Trim();
        if (!text.StartsWith("WARC/1.", StringComparison.Ordinal) || text.Length is < 8 or > 10)
        {
            return false;
        }

        foreach (var c in text[7..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseLength(string text, out long length)
    {
        length = 0;
        if (text.Length is 0 or > 18)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out length);
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;

    private static string? TargetOf(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("WARC-Target-URI", out var uri) || uri.Length == 0)
        {
            return null;
        }

        // WARC 1.0 examples wrap the URI in angle brackets; 1.1 does not.
        return uri.Length > 1 && uri[0] == '<' && uri[^1] == '>' ? uri[1..^1].Trim() : uri;
    }

    /// <summary>A short, printable excerpt of a header line for an error message.</summary>
    private static string Snip(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 40));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, 40)))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Length > 40 ? builder.Append('…').ToString() : builder.ToString();
    }

    private static bool IsHttpResponse(string? contentType, byte[] block)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return block.AsSpan().StartsWith("HTTP/"u8);
        }

        var parts = contentType.Split(';');
        if (!parts[0].Trim().Equals("application/http", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var parameter in parts.AsSpan(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("msgtype", StringComparison.OrdinalIgnoreCase))
            {
                return !parameter[(equals + 1)..].Trim().Trim('"').Equals("request", StringComparison.OrdinalIgnoreCase);
            }
        }

        return true;
    }

    private static bool IsHexDigits(ReadOnlySpan<byte> text)
    {
        if (text.Length is 0 or > 15)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Removes the chunked transfer coding. Returns null when the body does not start with a well-formed chunk
    /// (the crawler stored it already decoded); throws when it starts chunked and breaks off later.
    /// </summary>
    private static byte[]? Dechunk(byte[] body, Func<string, CommuniqueException> malformed)
    {
        var span = body.AsSpan();
        var output = new ArrayBufferWriter<byte>(body.Length);
        var position = 0;
        var first = true;
        while (position < span.Length)
        {
            var newline = span[position..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return first ? null : throw malformed("its chunked HTTP body ends inside a chunk-size line");
            }

            var line = span.Slice(position, newline);
            var semicolon = line.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                line = line[..semicolon];
            }

            line = line.Trim(" \t\r"u8);
            if (!IsHexDigits(line))
            {
                return first ? null : throw malformed("its chunked HTTP body has an invalid chunk size");
            }

            var size = long.Parse(line, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            position += newline + 1;
            if (size == 0)
            {
                return output.WrittenSpan.ToArray();
            }

            if (size > span.Length - position)
            {
                return first ? null : throw malformed("its chunked HTTP body ends inside a chunk");
            }

            var data = span.Slice(position, (int)size);
            position += (int)size;
            var rest = span[position..];
            if (rest.StartsWith("\r\n"u8))
            {
                position += 2;
            }
            else if (rest.StartsWith("\n"u8))
            {
                position += 1;
            }
            else if (!rest.IsEmpty)
            {
                return first ? null : throw malformed("a chunk of its chunked HTTP body is not followed by CRLF");
            }

            output.Write(data);
            first = false;
        }

        // A capture cut before the last chunk: keep what was received.
        return first ? null : output.WrittenSpan.ToArray();
    }

    /// <summary>The state of one pass over one stream.</summary>
    private sealed class Session(WarcReader owner, Stream stream, string source) : IDisposable
    {
        private ByteReader? _reader;
        private GZipStream? _gzip;
        private (string Line, long Offset)? _pendingVersion;
        private bool _seenRecord;

        public void Dispose() => _gzip?.Dispose();

        public async ValueTask<Step> NextAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                _reader ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    if (await ReadRecordAsync(_reader, cancellationToken).ConfigureAwait(false) is { } step)
                    {
                        return step;
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                return Stop(new CommuniqueException(ErrorCatalog.BadCompression,
                    Inv($"The gzip data of '{source}' is corrupt (near uncompressed offset {_reader?.Position ?? 0}): {ex.Message}"), source,
                    "Re-download or re-copy the file; the records before this point were read.", ex));
            }
            catch (IOException ex)
            {
                return Stop(new CommuniqueException(ErrorCatalog.Unreadable,
                    Inv($"'{source}' could not be read (near offset {_reader?.Position ?? 0}): {ex.Message}"), source,
                    "Check the file or connection and retry; the records before this point were read.", ex));
            }
        }

        private async ValueTask<ByteReader> OpenAsync(CancellationToken cancellationToken)
        {
            var head = new byte[2];
            var count = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (count == 2 && head[0] == 0x1f && head[1] == 0x8b)
            {
                // .warc.gz: one gzip member per record, concatenated; GZipStream reads through all members.
                _gzip = new GZipStream(new PrefixStream(head, stream), CompressionMode.Decompress, leaveOpen: false);
                return new ByteReader(_gzip, []);
            }

            return new ByteReader(stream, head.AsSpan(0, count));
        }

        /// <summary>Reads one record; null when it was skipped (a type not returned).</summary>
        private async ValueTask<Step?> ReadRecordAsync(ByteReader reader, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? versionLine;
            long offset;
            if (_pendingVersion is { } pending)
            {
                (versionLine, offset) = pending;
                _pendingVersion = null;
            }
            else
            {
                while (true)
                {
                    // Blank lines here are the two CRLFs that end the previous block.
                    offset = reader.Position;
                    var line = await reader.ReadLineAsync(MaxHeaderLineBytes, cancellationToken).ConfigureAwait(false);
                    if (line.Kind == LineKind.End)
                    {
                        return new Step(null, true);
                    }

                    if (line.Text is not null && string.IsNullOrWhiteSpace(line.Text))
                    {
                        if (line.Kind == LineKind.Unterminated)
                        {
                            return new Step(null, true);
                        }

                        continue;
                    }

                    versionLine = line.Text;
                    break;
                }
            }

            if (!IsVersionLine(versionLine))
            {
                if (!_seenRecord)
                {
                    return Stop(new CommuniqueException(ErrorCatalog.UnsupportedFormat,
                        $"'{source}' is not a WARC file: it does not start with a WARC/1.0 or WARC/1.1 version line{Found(versionLine)}.", source,
                        "Give a .warc or .warc.gz file (WARC 1.0 or 1.1, ISO 28500)."));
                }

                var error = Malformed(offset, null,
                    $"does not start with a WARC/1.0 or WARC/1.1 version line{Found(versionLine)}; the previous record's Content-Length may be wrong",
                    "The file is damaged here; reading went on at the next WARC version line. Re-fetch or repair the file if records are missing.");
                return await ResyncAsync(reader, error, cancellationToken).ConfigureAwait(false);
            }

            _seenRecord = true;
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? last = null;
            string? problem = null;
            var headerStart = reader.Position;
            while (true)
            {
                var line = await reader.ReadLineAsync(MaxHeaderLineBytes, cancellationToken).ConfigureAwait(false);
                if (line.Kind is LineKind.End or LineKind.Unterminated)
                {
                    return Stop(Truncated(offset, TargetOf(fields), "the file ends inside its header"));
                }

                if (reader.Position - headerStart > MaxHeaderBytes)
                {
                    var error = Malformed(offset, TargetOf(fields), Inv($"has a header longer than {MaxHeaderBytes:N0} bytes"),
                        "The file is damaged here; reading went on at the next WARC version line.");
                    return await ResyncAsync(reader, error, cancellationToken).ConfigureAwait(false);
                }

                if (line.Kind == LineKind.TooLong)
                {
                    problem ??= Inv($"has a header line longer than {MaxHeaderLineBytes:N0} bytes");
                    last = null;
                    continue;
                }

                var text = line.Text!;
                if (text.Length == 0)
                {
                    break;
                }

                if (text[0] is ' ' or '\t')
                {
                    // A continuation line folds into the previous field's value.
                    if (last is null)
                    {
                        problem ??= "has a continuation line that continues no field";
                    }
                    else
                    {
                        fields[last] = fields[last] + " " + text.Trim();
                    }

                    continue;
                }

                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    problem ??= $"has a header line that is not a 'Name: value' field ('{Snip(text)}')";
                    last = null;
                    continue;
                }

                var name = text[..colon].Trim();
                last = fields.TryAdd(name, text[(colon + 1)..].Trim()) ? name : null;
            }

            var target = TargetOf(fields);
            if (!fields.TryGetValue("Content-Length", out var lengthText))
            {
                var error = Malformed(offset, target, "has no Content-Length field, so its end is unknown",
                    "The file is damaged here; reading went on at the next WARC version line. Re-fetch or repair the file if records are missing.");
                return await ResyncAsync(reader, error, cancellationToken).ConfigureAwait(false);
            }

            if (!TryParseLength(lengthText, out var length))
            {
                var error = Malformed(offset, target, $"has an invalid Content-Length '{Snip(lengthText)}' (a decimal byte count is required)",
                    "The file is damaged here; reading went on at the next WARC version line. Re-fetch or repair the file if records are missing.");
                return await ResyncAsync(reader, error, cancellationToken).ConfigureAwait(false);
            }

            if (!fields.TryGetValue("WARC-Type", out var type) || type.Length == 0)
            {
                problem ??= "has no WARC-Type field";
            }

            if (problem is not null)
            {
                var error = Malformed(offset, target, problem, "The record was skipped; repair the file if it matters.");
                return await SkipBlockAsync(reader, offset, target, length, error, cancellationToken).ConfigureAwait(false);
            }

            var kind = type!.Equals(Response, StringComparison.OrdinalIgnoreCase) ? Response
                : type.Equals(Resource, StringComparison.OrdinalIgnoreCase) ? Resource
                : null;
            if (kind is null)
            {
                // warcinfo, request, metadata, revisit, conversion, continuation: skipped unbuffered.
                return await SkipBlockAsync(reader, offset, target, length, null, cancellationToken).ConfigureAwait(false);
            }

            if (length > owner._maxRecordBytes)
            {
                var error = new CommuniqueException(ErrorCatalog.TooLarge,
                    Where(offset, target) + Inv($" has a {length:N0}-byte block, over the limit of {owner._maxRecordBytes:N0} bytes; it was skipped."), source,
                    "Raise the WARC record size limit if this record is wanted; the other records were read.");
                return await SkipBlockAsync(reader, offset, target, length, error, cancellationToken).ConfigureAwait(false);
            }

            var block = new byte[length];
            var read = await reader.ReadBlockAsync(block, cancellationToken).ConfigureAwait(false);
            if (read < length)
            {
                return Stop(Truncated(offset, target, Inv($"the file ends after {read:N0} of the {length:N0} bytes of its block")));
            }

            try
            {
                var record = Build(kind, fields, block, offset, target, cancellationToken);
                return new Step(new WarcItem(record, null), false);
            }
            catch (CommuniqueException ex)
            {
                return new Step(new WarcItem(null, ex), false);
            }
        }

        private async ValueTask<Step?> SkipBlockAsync(ByteReader reader, long offset, string? target, long length, CommuniqueException? error, CancellationToken cancellationToken)
        {
            var skipped = await reader.SkipAsync(length, cancellationToken).ConfigureAwait(false);
            if (skipped < length)
            {
                return Stop(Truncated(offset, target, Inv($"the file ends after {skipped:N0} of the {length:N0} bytes of its block")));
            }

            return error is null ? null : new Step(new WarcItem(null, error), false);
        }

        /// <summary>Scans forward to the next WARC version line; the error is yielded, and reading goes on from there (or ends).</summary>
        private async ValueTask<Step> ResyncAsync(ByteReader reader, CommuniqueException error, CancellationToken cancellationToken)
        {
            while (true)
            {
                var start = reader.Position;
                var line = await reader.ReadLineAsync(MaxVersionLineBytes, cancellationToken).ConfigureAwait(false);
                if (line.Kind is LineKind.End or LineKind.Unterminated)
                {
                    return Stop(error);
                }

                if (line.Kind == LineKind.Line && IsVersionLine(line.Text))
                {
                    _pendingVersion = (line.Text!, start);
                    return new Step(new WarcItem(null, error), false);
                }
            }
        }

        private WarcRecord Build(string type, Dictionary<string, string> fields, byte[] block, long offset, string? target, CancellationToken cancellationToken)
        {
            var date = ParseDate(fields.GetValueOrDefault("WARC-Date"));
            var contentType = fields.GetValueOrDefault("Content-Type") is { Length: > 0 } value ? value : null;
            if (type == Response && IsHttpResponse(contentType, block))
            {
                var (status, httpContentType, body) = ParseHttp(block, offset, target, cancellationToken);
                return new WarcRecord(type, target, date, httpContentType, status, body, offset);
            }

            return new WarcRecord(type, target, date, contentType, null, block, offset);
        }

        private (int Status, string? ContentType, byte[] Body) ParseHttp(byte[] block, long offset, string? target, CancellationToken cancellationToken)
        {
            var span = block.AsSpan();
            var position = 0;
            string? statusLine = null;
            string? last = null;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (position < span.Length)
            {
                var newline = span[position..].IndexOf((byte)'\n');
                var line = newline < 0 ? span[position..] : span.Slice(position, newline);
                position = newline < 0 ? span.Length : position + newline + 1;
                if (line.EndsWith("\r"u8))
                {
                    line = line[..^1];
                }

                if (statusLine is null)
                {
                    statusLine = Encoding.Latin1.GetString(line);
                    continue;
                }

                if (line.IsEmpty)
                {
                    break;
                }

                var text = Encoding.Latin1.GetString(line);
                if (text[0] is ' ' or '\t')
                {
                    if (last is not null)
                    {
                        headers[last] = headers[last] + " " + text.Trim();
                    }

                    continue;
                }

                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                last = text[..colon].Trim();
                var headerValue = text[(colon + 1)..].Trim();
                headers[last] = headers.TryGetValue(last, out var earlier) ? earlier + ", " + headerValue : headerValue;
            }

            var parts = (statusLine ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || parts[1].Length != 3
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100)
            {
                throw Malformed(offset, target, $"is an HTTP response whose status line is not understood{Found(statusLine)}",
                    "The record was skipped; the other records were read.");
            }

            var body = span[position..].ToArray();
            if (headers.TryGetValue("Transfer-Encoding", out var transfer)
                && transfer.Split(',')[^1].Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = Dechunk(body, why => Malformed(offset, target, why, "The record was skipped; the other records were read.")) ?? body;
            }

            if (headers.TryGetValue("Content-Encoding", out var encodings))
            {
                // Codings are listed in the order applied; undo them last first.
                var list = encodings.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = list.Length - 1; i >= 0; i--)
                {
                    body = Decode(body, list[i].ToLowerInvariant(), offset, target, cancellationToken);
                }
            }

            return (status, headers.GetValueOrDefault("Content-Type") is { Length: > 0 } type ? type : null, body);
        }

        private byte[] Decode(byte[] body, string encoding, long offset, string? target, CancellationToken cancellationToken)
        {
            if (body.Length == 0 || encoding is "identity")
            {
                return body;
            }

            var input = new MemoryStream(body, writable: false);
            Stream decoder;
            switch (encoding)
            {
                case "gzip" or "x-gzip":
                    if (body.Length < 2 || body[0] != 0x1f || body[1] != 0x8b)
                    {
                        // The crawler stored the body already decoded but kept the header.
                        return body;
                    }

                    decoder = new GZipStream(input, CompressionMode.Decompress);
                    break;
                case "deflate":
                    // HTTP "deflate" means zlib, but some servers send raw deflate.
                    var zlib = body.Length >= 2 && (body[0] & 0x0f) == 8 && ((body[0] << 8) | body[1]) % 31 == 0;
                    decoder = zlib ? new ZLibStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress);
                    break;
                case "br":
                    decoder = new BrotliStream(input, CompressionMode.Decompress);
                    break;
                default:
                    throw Malformed(offset, target, $"has an HTTP body with Content-Encoding '{Snip(encoding)}', which is not supported (gzip, deflate and br are)",
                        "The record was skipped; the other records were read.");
            }

            var chunk = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                using (decoder)
                {
                    using var output = new MemoryStream();
                    int read;
                    while ((read = decoder.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (output.Length + read > owner._maxRecordBytes)
                        {
                            throw new CommuniqueException(ErrorCatalog.BadCompression,
                                Where(offset, target) + Inv($" has a {encoding}-encoded HTTP body that expands past the limit of {owner._maxRecordBytes:N0} bytes; it was skipped."), source,
                                "It may be a compression bomb; raise the WARC record size limit only if you trust the file.");
                        }

                        output.Write(chunk, 0, read);
                    }

                    return output.ToArray();
                }
            }
            catch (InvalidDataException ex)
            {
                throw new CommuniqueException(ErrorCatalog.BadCompression,
                    Where(offset, target) + $" has a {encoding}-encoded HTTP body that is corrupt: {ex.Message}", source,
                    "The record was skipped; the other records were read.", ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }

        private string Where(long offset, string? target) =>
            Inv($"The WARC record at offset {offset} of '{source}'") + (target is null ? string.Empty : $" ({target})");

        private CommuniqueException Malformed(long offset, string? target, string why, string hint) =>
            new(ErrorCatalog.UnsupportedFormat, Where(offset, target) + " " + why + ".", source, hint);

        private CommuniqueException Truncated(long offset, string? target, string why) =>
            new(ErrorCatalog.UnsupportedFormat, Where(offset, target) + " is truncated: " + why + ".", source,
                "The file was probably cut short (interrupted download or crawl); re-fetch or re-copy it. The records before this one were read.");

        private static string Found(string? line) => line is null ? " (found a very long line)" : $" (found '{Snip(line)}')";

        private static string Inv(FormattableString text) => FormattableString.Invariant(text);

        private static Step Stop(CommuniqueException error) => new(new WarcItem(null, error), true);
    }

    /// <summary>What one step of the reading produced: an item (or none at the end), and whether reading stops.</summary>
    private readonly record struct Step(WarcItem? Item, bool Stop);

    private enum LineKind
    {
        /// <summary>A complete line.</summary>
        Line,

        /// <summary>A line longer than allowed, consumed and dropped.</summary>
        TooLong,

        /// <summary>Bytes at the end of the stream with no line feed after them.</summary>
        Unterminated,

        /// <summary>The end of the stream.</summary>
        End,
    }

    private readonly record struct LineResult(LineKind Kind, string? Text);

    /// <summary>A forward-only buffered reader of lines and blocks that counts the bytes consumed.</summary>
    private sealed class ByteReader
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private byte[] _line = new byte[256];
        private int _start;
        private int _end;

        public ByteReader(Stream stream, ReadOnlySpan<byte> prefix)
        {
            _stream = stream;
            prefix.CopyTo(_buffer);
            _end = prefix.Length;
        }

        /// <summary>Bytes consumed so far.</summary>
        public long Position { get; private set; }

        private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start < _end)
            {
                return true;
            }

            _start = 0;
            _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            return _end > 0;
        }

        /// <summary>Reads a line ended by LF (a CR before it is dropped), decoded as UTF-8.</summary>
        public async ValueTask<LineResult> ReadLineAsync(int maxBytes, CancellationToken cancellationToken)
        {
            var length = 0;
            var tooLong = false;
            var any = false;
            while (true)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return !any ? new LineResult(LineKind.End, null)
                        : new LineResult(LineKind.Unterminated, tooLong ? null : Encoding.UTF8.GetString(_line, 0, length));
                }

                any = true;
                var available = _buffer.AsSpan(_start, _end - _start);
                var newline = available.IndexOf((byte)'\n');
                var content = newline < 0 ? available : available[..newline];
                if (!tooLong)
                {
                    if (length + content.Length > maxBytes)
                    {
                        tooLong = true;
                    }
                    else
                    {
                        if (length + content.Length > _line.Length)
                        {
                            Array.Resize(ref _line, Math.Min(maxBytes, Math.Max(_line.Length * 2, length + content.Length)));
                        }

                        content.CopyTo(_line.AsSpan(length));
                        length += content.Length;
                    }
                }

                var consumed = newline < 0 ? available.Length : newline + 1;
                _start += consumed;
                Position += consumed;
                if (newline >= 0)
                {
                    if (tooLong)
                    {
                        return new LineResult(LineKind.TooLong, null);
                    }

                    if (length > 0 && _line[length - 1] == '\r')
                    {
                        length--;
                    }

                    return new LineResult(LineKind.Line, Encoding.UTF8.GetString(_line, 0, length));
                }
            }
        }

        /// <summary>Fills <paramref name="destination"/>; returns fewer bytes only at the end of the stream.</summary>
        public async ValueTask<int> ReadBlockAsync(Memory<byte> destination, CancellationToken cancellationToken)
        {
            var filled = Math.Min(_end - _start, destination.Length);
            _buffer.AsMemory(_start, filled).CopyTo(destination);
            _start += filled;
            while (filled < destination.Length)
            {
                var read = await _stream.ReadAsync(destination[filled..], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            Position += filled;
            return filled;
        }

        /// <summary>Skips <paramref name="count"/> bytes without keeping them; returns fewer only at the end of the stream.</summary>
        public async ValueTask<long> SkipAsync(long count, CancellationToken cancellationToken)
        {
            long skipped = Math.Min(_end - _start, count);
            _start += (int)skipped;
            if (skipped < count && _stream.CanSeek)
            {
                var jump = Math.Min(count - skipped, Math.Max(0, _stream.Length - _stream.Position));
                _stream.Seek(jump, SeekOrigin.Current);
                skipped += jump;
            }

            while (skipped < count && await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                var step = (int)Math.Min(_end - _start, count - skipped);
                _start += step;
                skipped += step;
            }

            Position += skipped;
            return skipped;
        }
    }

    /// <summary>Gives back bytes already read from a stream, then the rest of it; does not own the stream.</summary>
    private sealed class PrefixStream(byte[] prefix, Stream inner) : Stream
    {
        private int _used;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_used < prefix.Length)
            {
                return TakePrefix(buffer);
            }

            return inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_used < prefix.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return ValueTask.FromResult(TakePrefix(buffer.Span));
            }

            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int TakePrefix(Span<byte> buffer)
        {
            var count = Math.Min(prefix.Length - _used, buffer.Length);
            prefix.AsSpan(_used, count).CopyTo(buffer);
            _used += count;
            return count;
        }
    }
}

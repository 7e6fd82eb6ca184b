using System.Globalization;
using System.IO.Compression;
using System.Text;
using Communique.Core;

namespace Communique.Ingest.Tests;

public sealed class WarcReaderTests
{
    private const string Source = "crawl.warc";
    private const string PageUri = "https://www.akorda.kz/en/talks";
    private const string StatementUri = "https://www.akorda.kz/files/statement.txt";

    // HTML with two windows-1251 bytes (Cyrillic "АБ"), which must come out unchanged.
    private static readonly byte[] Html = [.. "<!doctype html><html><head><title>Talks</title></head><body><p>Kassym-Jomart Tokayev held talks in Astana "u8, 0xC0, 0xC1, .. ".</p></body></html>"u8];
    private static readonly byte[] Statement = "The President signed the decree on 30 September 2025.\n"u8.ToArray();

    private static byte[] Record(string type, byte[] block, string? uri = null, string? contentType = null, string? contentLength = null, string version = "WARC/1.1")
    {
        var header = new StringBuilder()
            .Append(version).Append("\r\n")
            .Append("WARC-Type: ").Append(type).Append("\r\n")
            .Append("WARC-Record-ID: <urn:uuid:").Append(Guid.NewGuid().ToString()).Append(">\r\n")
            .Append("WARC-Date: 2025-09-30T10:15:00Z\r\n");
        if (uri is not null)
        {
            header.Append("WARC-Target-URI: ").Append(uri).Append("\r\n");
        }

        if (contentType is not null)
        {
            header.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        if (contentLength != "omit")
        {
            header.Append("Content-Length: ").Append(contentLength ?? block.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        header.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(header.ToString()), .. block, .. "\r\n\r\n"u8];
    }

    private static byte[] Http(int status, string headers, byte[] body) =>
        [.. Encoding.ASCII.GetBytes("HTTP/1.1 " + status.ToString(CultureInfo.InvariantCulture) + " Reason\r\n" + headers + "\r\n"), .. body];

    private static byte[] Response(string uri, int status, string headers, byte[] body) =>
        Record("response", Http(status, headers, body), uri, "application/http; msgtype=response");

    private static byte[] Resource(string uri, byte[] body) => Record("resource", body, uri, "text/plain; charset=utf-8");

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static byte[] Compress(byte[] bytes, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream encoder = encoding switch
        {
            "gzip" => new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            "raw-deflate" => new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        })
        {
            encoder.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <summary>Encodes <paramref name="body"/> with the chunked transfer coding, in chunks of at most <paramref name="size"/> bytes.</summary>
    private static byte[] Chunked(byte[] body, int size)
    {
        var output = new List<byte>();
        for (var i = 0; i < body.Length; i += size)
        {
            var chunk = body.AsSpan(i, Math.Min(size, body.Length - i));
            output.AddRange(Encoding.ASCII.GetBytes(chunk.Length.ToString("x", CultureInfo.InvariantCulture) + (i == 0 ? ";name=value" : string.Empty) + "\r\n"));
            output.AddRange(chunk.ToArray());
            output.AddRange("\r\n"u8.ToArray());
        }

        output.AddRange("0\r\n\r\n"u8.ToArray());
        return [.. output];
    }

    private static async Task<List<WarcItem>> ReadAll(byte[] warc, long maxRecordBytes = 1 << 20, int? trickle = null, CancellationToken cancellationToken = default)
    {
        using Stream stream = trickle is { } step ? new TrickleStream(warc, step) : new MemoryStream(warc);
        var items = new List<WarcItem>();
        await foreach (var item in new WarcReader(maxRecordBytes).ReadAsync(stream, Source, cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>The sample crawl: warcinfo, request, response (HTML), resource; with the offsets of the last two.</summary>
    private static (byte[][] Records, long ResponseOffset, long ResourceOffset) SampleCrawl()
    {
        var warcinfo = Record("warcinfo", "software: communique-tests\r\nformat: WARC File Format 1.1\r\n"u8.ToArray(), contentType: "application/warc-fields");
        var request = Record("request", "GET /en/talks HTTP/1.1\r\nHost: www.akorda.kz\r\n\r\n"u8.ToArray(), PageUri, "application/http; msgtype=request");
        var response = Response(PageUri, 200, "Content-Type: text/html; charset=windows-1251\r\nContent-Length: " + Html.Length.ToString(CultureInfo.InvariantCulture) + "\r\n", Html);
        var resource = Resource(StatementUri, Statement);
        return ([warcinfo, request, response, resource], warcinfo.Length + request.Length, warcinfo.Length + request.Length + response.Length);
    }

    private static void AssertSample(List<WarcItem> items, long responseOffset, long resourceOffset)
    {
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Null(i.Error));

        var response = items[0].Record!;
        Assert.Equal("response", response.Type);
        Assert.Equal(PageUri, response.TargetUri);
        Assert.Equal(new DateTimeOffset(2025, 9, 30, 10, 15, 0, TimeSpan.Zero), response.Date);
        Assert.Equal("text/html; charset=windows-1251", response.ContentType);
        Assert.Equal(200, response.HttpStatus);
        Assert.Equal(Html, response.Body);
        Assert.Equal(responseOffset, response.Offset);

        var resource = items[1].Record!;
        Assert.Equal("resource", resource.Type);
        Assert.Equal(StatementUri, resource.TargetUri);
        Assert.Equal("text/plain; charset=utf-8", resource.ContentType);
        Assert.Null(resource.HttpStatus);
        Assert.Equal(Statement, resource.Body);
        Assert.Equal(resourceOffset, resource.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Plain_warc_yields_the_response_and_the_resource_only(int? trickle)
    {
        var (records, responseOffset, resourceOffset) = SampleCrawl();
        AssertSample(await ReadAll(Concat(records), trickle: trickle), responseOffset, resourceOffset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    public async Task Gzipped_warc_with_one_member_per_record_gives_the_same_records_and_uncompressed_offsets(int? trickle)
    {
        var (records, responseOffset, resourceOffset) = SampleCrawl();
        var gzipped = Concat([.. records.Select(Gzip)]);
        Assert.Equal(0x1f, gzipped[0]);
        AssertSample(await ReadAll(gzipped, trickle: trickle), responseOffset, resourceOffset);
    }

    [Fact]
    public async Task Chunked_http_body_is_decoded()
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<p>Statement of the Press Service.</p>", 10)));
        var warc = Response(PageUri, 200, "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", Chunked(body, 37));
        var record = Assert.Single(await ReadAll(warc)).Record!;
        Assert.Equal(body, record.Body);
    }

    [Fact]
    public async Task Body_stored_already_dechunked_is_kept_as_it_is()
    {
        var body = "<p>Decoded by the crawler; the header was kept.</p>"u8.ToArray();
        var warc = Response(PageUri, 200, "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", body);
        Assert.Equal(body, Assert.Single(await ReadAll(warc)).Record!.Body);
    }

    [Theory]
    [InlineData("gzip", "gzip", false)]
    [InlineData("gzip", "gzip", true)]
    [InlineData("deflate", "deflate", false)]
    [InlineData("deflate", "raw-deflate", false)]
    [InlineData("br", "br", false)]
    public async Task Content_encoded_http_body_is_decompressed(string header, string encoding, bool chunked)
    {
        var compressed = Compress(Html, encoding);
        Assert.NotEqual(Html, compressed);
        var headers = "Content-Type: text/html; charset=windows-1251\r\nContent-Encoding: " + header + "\r\n" + (chunked ? "Transfer-Encoding: chunked\r\n" : string.Empty);
        var warc = Response(PageUri, 200, headers, chunked ? Chunked(compressed, 16) : compressed);
        var record = Assert.Single(await ReadAll(warc)).Record!;
        Assert.Equal(Html, record.Body);
        Assert.Equal("text/html; charset=windows-1251", record.ContentType);
    }

    [Fact]
    public async Task Decompression_bomb_is_an_error_for_its_record_and_the_next_record_comes_out()
    {
        var bomb = Compress(new byte[4 << 20], "gzip");
        Assert.True(bomb.Length < 64 * 1024);
        var bombRecord = Response("https://bomb.example/", 200, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", bomb);
        var warc = Concat(bombRecord, Resource(StatementUri, Statement));

        var items = await ReadAll(warc, maxRecordBytes: 64 * 1024);

        Assert.Equal(2, items.Count);
        Assert.Null(items[0].Record);
        Assert.Equal(ErrorCatalog.BadCompression, items[0].Error!.Code);
        Assert.Contains("https://bomb.example/", items[0].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("65,536", items[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(Statement, items[1].Record!.Body);
        Assert.Equal(bombRecord.Length, items[1].Record!.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public async Task Oversize_record_is_an_error_and_the_next_record_still_comes_out(int? trickle)
    {
        var first = Resource(StatementUri, Statement);
        var big = Resource("https://www.akorda.kz/files/big.txt", Encoding.ASCII.GetBytes(new string('a', 5000)));
        var warc = Concat(first, big, Response(PageUri, 200, "Content-Type: text/html\r\n", Html));

        var items = await ReadAll(warc, maxRecordBytes: 1000, trickle: trickle);

        Assert.Equal(3, items.Count);
        Assert.Equal(Statement, items[0].Record!.Body);
        var error = items[1].Error!;
        Assert.Null(items[1].Record);
        Assert.Equal(ErrorCatalog.TooLarge, error.Code);
        Assert.Equal(Source, error.DocumentRef);
        Assert.Contains("offset " + first.Length.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("https://www.akorda.kz/files/big.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains(Source, error.Message, StringComparison.Ordinal);
        Assert.Contains("5,000", error.Message, StringComparison.Ordinal);
        Assert.Contains("1,000", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
        Assert.Equal(Html, items[2].Record!.Body);
        Assert.Equal(first.Length + big.Length, items[2].Record!.Offset);
    }

    [Fact]
    public async Task Records_not_returned_are_skipped_whatever_their_size()
    {
        var hugeRequest = Record("request", new byte[200_000], PageUri, "application/http; msgtype=request");
        var metadata = Record("metadata", new byte[50_000], PageUri, "application/warc-fields");
        var revisit = Record("revisit", "HTTP/1.1 200 OK\r\n\r\n"u8.ToArray(), PageUri, "application/http; msgtype=response");
        var warc = Concat(hugeRequest, metadata, revisit, Resource(StatementUri, Statement));

        var record = Assert.Single(await ReadAll(warc, maxRecordBytes: 1000, trickle: 4096)).Record!;

        Assert.Equal(Statement, record.Body);
        Assert.Equal(hugeRequest.Length + metadata.Length + revisit.Length, record.Offset);
    }

    [Theory]
    [InlineData("12x")]
    [InlineData("-5")]
    [InlineData("")]
    [InlineData("omit")]
    public async Task Bad_content_length_is_an_error_and_reading_resumes_at_the_next_record(string contentLength)
    {
        var first = Resource(StatementUri, Statement);
        var bad = Record("response", Http(200, "Content-Type: text/html\r\n", Html), "https://bad.example/", "application/http; msgtype=response", contentLength);
        var warc = Concat(first, bad, Response(PageUri, 200, "Content-Type: text/html\r\n", Html));

        var items = await ReadAll(warc);

        Assert.Equal(3, items.Count);
        Assert.Equal(Statement, items[0].Record!.Body);
        var error = items[1].Error!;
        Assert.Equal(ErrorCatalog.UnsupportedFormat, error.Code);
        Assert.Contains("Content-Length", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://bad.example/", error.Message, StringComparison.Ordinal);
        Assert.Contains("offset " + first.Length.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(PageUri, items[2].Record!.TargetUri);
        Assert.Equal(Html, items[2].Record!.Body);
        Assert.Equal(first.Length + bad.Length, items[2].Record!.Offset);
    }

    [Fact]
    public async Task Content_length_too_short_leaves_garbage_that_is_reported_before_the_next_record()
    {
        var good = Resource(StatementUri, Statement);
        var shortBlock = Record("resource", Statement, "https://short.example/", "text/plain", (Statement.Length - 10).ToString(CultureInfo.InvariantCulture));
        var warc = Concat(shortBlock, good);

        var items = await ReadAll(warc);

        Assert.Equal(3, items.Count);
        Assert.Equal(Statement[..^10], items[0].Record!.Body);
        Assert.Equal(ErrorCatalog.UnsupportedFormat, items[1].Error!.Code);
        Assert.Contains("version line", items[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(Statement, items[2].Record!.Body);
        Assert.Equal(shortBlock.Length, items[2].Record!.Offset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Truncated_last_record_is_an_error_after_the_good_records(bool inHeader)
    {
        var (records, _, _) = SampleCrawl();
        var last = Response("https://cut.example/", 200, "Content-Type: text/html\r\n", Html);
        var warc = Concat([.. records, inHeader ? last[..60] : last[..^30]]);

        var items = await ReadAll(warc);

        Assert.Equal(3, items.Count);
        Assert.Equal(Html, items[0].Record!.Body);
        Assert.Equal(Statement, items[1].Record!.Body);
        var error = items[2].Error!;
        Assert.Null(items[2].Record);
        Assert.Equal(ErrorCatalog.UnsupportedFormat, error.Code);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("offset " + records.Sum(r => r.Length).ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_gzipped_file_is_an_error_after_the_good_records()
    {
        var (records, _, _) = SampleCrawl();
        var gzipped = Concat([.. records.Select(Gzip)]);
        var lastMember = Gzip(Response("https://cut.example/", 200, "Content-Type: text/html\r\n", Html));
        var warc = Concat(gzipped, lastMember[..(lastMember.Length / 2)]);

        var items = await ReadAll(warc);

        Assert.Equal(3, items.Count);
        Assert.Equal(Html, items[0].Record!.Body);
        Assert.Equal(Statement, items[1].Record!.Body);
        Assert.NotNull(items[2].Error);
        Assert.Contains(items[2].Error!.Code, new[] { ErrorCatalog.UnsupportedFormat, ErrorCatalog.BadCompression });
    }

    [Fact]
    public async Task Field_names_in_odd_case_continuation_lines_and_warc_1_0_brackets_are_understood()
    {
        var body = Compress(Html, "gzip");
        var http = Concat(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\ncontent-TYPE: text/html;\r\n charset=utf-8\r\nCONTENT-ENCODING: GZIP\r\n\r\n"), body);
        var header = "WARC/1.0\r\n"
            + "warc-type: RESPONSE\r\n"
            + "Warc-Target-Uri: <" + PageUri + ">\r\n"
            + "WARC-DATE: 2025-09-30T10:15:00Z\r\n"
            + "WARC-Warcinfo-ID: <urn:uuid:d7ae5c10-e6b3-4d27-967d-34780c58ba39>\r\n"
            + "CONTENT-type: application/http;\r\n\tmsgtype=response\r\n"
            + "content-LENGTH: " + http.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n";
        var warc = Concat(Encoding.ASCII.GetBytes(header), http, "\r\n\r\n"u8.ToArray());

        var record = Assert.Single(await ReadAll(warc)).Record!;

        Assert.Equal("response", record.Type);
        Assert.Equal(PageUri, record.TargetUri);
        Assert.Equal(new DateTimeOffset(2025, 9, 30, 10, 15, 0, TimeSpan.Zero), record.Date);
        Assert.Equal("text/html; charset=utf-8", record.ContentType);
        Assert.Equal(200, record.HttpStatus);
        Assert.Equal(Html, record.Body);
    }

    [Fact]
    public async Task Not_found_response_still_comes_out_with_its_status()
    {
        var page = "<html><body><h1>Page not found</h1></body></html>"u8.ToArray();
        var warc = Concat(Response("https://www.akorda.kz/en/missing", 404, "Content-Type: text/html; charset=utf-8\r\n", page), Resource(StatementUri, Statement));

        var items = await ReadAll(warc);

        Assert.Equal(2, items.Count);
        var record = items[0].Record!;
        Assert.Equal(404, record.HttpStatus);
        Assert.Equal("https://www.akorda.kz/en/missing", record.TargetUri);
        Assert.Equal(page, record.Body);
    }

    [Fact]
    public async Task Response_that_is_not_http_keeps_its_block_and_warc_content_type()
    {
        var dns = "20251030101500\nwww.akorda.kz.\t300\tIN\tA\t93.184.216.34\n"u8.ToArray();
        var warc = Record("response", dns, "dns:www.akorda.kz", "text/dns");

        var record = Assert.Single(await ReadAll(warc)).Record!;

        Assert.Equal(dns, record.Body);
        Assert.Equal("text/dns", record.ContentType);
        Assert.Null(record.HttpStatus);
    }

    [Fact]
    public async Task Input_that_is_not_a_warc_file_is_one_error()
    {
        var error = Assert.Single(await ReadAll(Html)).Error!;
        Assert.Equal(ErrorCatalog.UnsupportedFormat, error.Code);
        Assert.Contains("not a WARC file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_input_has_no_records()
    {
        Assert.Empty(await ReadAll([]));
        Assert.Empty(await ReadAll(Gzip([])));
    }

    [Fact]
    public async Task Cancelled_token_stops_the_reading()
    {
        var (records, _, _) = SampleCrawl();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAll(Concat(records), cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task Cancellation_between_records_is_honoured()
    {
        var (records, _, _) = SampleCrawl();
        using var stream = new MemoryStream(Concat(records));
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in new WarcReader(1 << 20).ReadAsync(stream, Source, cts.Token))
            {
                Assert.NotNull(item.Record);
                seen++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
    }

    /// <summary>A forward-only stream that returns at most a few bytes per read, as a network or pipe may.</summary>
    private sealed class TrickleStream(byte[] data, int step) : Stream
    {
        private int _position;

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
            var count = Math.Min(Math.Min(step, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

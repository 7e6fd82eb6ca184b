using Communique.Core;
using Communique.Extraction;
using Communique.Storage;
using Communique.Text;

namespace Communique.Server.Tests;

/// <summary>Releases written for the tests, extracted by the real pipeline.</summary>
internal static class Fixtures
{
    private static readonly Lazy<Pipeline> Shared = new(() => ExtractionPipeline.Create());

    public static Pipeline Pipeline => Shared.Value;

    public const string Talks =
        "President of Kazakhstan Kassym-Jomart Tokayev held talks in Astana with President of Italy Sergio Mattarella, who is in Kazakhstan on an official visit. "
        + "Kassym-Jomart Tokayev noted that Italy has invested up to $7.6 billion in the Kazakh economy over the past 20 years and that 250 Italian companies work in the country. "
        + "The sides discussed cooperation in energy, transport and logistics.";

    public const string TalksElsewhere =
        "Sergio Mattarella, President of Italy, arrived in Astana on an official visit and held talks with President of Kazakhstan Kassym-Jomart Tokayev. "
        + "According to the Kazakh side, some 270 Italian companies work in Kazakhstan.";

    public const string Call =
        "President of Kazakhstan Kassym-Jomart Tokayev had a telephone conversation with Prime Minister of Italy Giorgia Meloni. The leaders discussed trade and energy.";

    /// <summary>A fresh store path in the temporary directory; delete it with <c>SqliteStore.DeleteFiles</c>.</summary>
    public static string TempStorePath(string purpose) => Path.Combine(Path.GetTempPath(), $"communique-{purpose}-{Guid.NewGuid():N}.db");

    public static StoredDocument Extract(string text, string? url = null, string site = "akorda.kz", string? published = "2025-09-30", string? title = null)
    {
        var document = DocumentFactory.Create(text, new DocumentMetadata(Url: url, Site: site, Title: title ?? text[..Math.Min(60, text.Length)],
            Published: published is null ? null : DateOnly.Parse(published, System.Globalization.CultureInfo.InvariantCulture)));
        Pipeline.Process(document, CancellationToken.None);
        return DocumentMapper.ToStored(document);
    }
}

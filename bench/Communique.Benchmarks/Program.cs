using BenchmarkDotNet.Running;
using Communique.Benchmarks;

// "figures": accuracy and speed of figure extraction side by side with Microsoft.Recognizers.Text on the
// dev set (needs ../shared). Anything else goes to BenchmarkDotNet (e.g. --filter '*').
if (args.Length > 0 && args[0] == "figures")
{
    return FiguresComparison.Run(args.Length > 1 ? args[1] : null);
}

if (args.Length > 1 && args[0] == "explain")
{
    using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(args[1]), System.IO.Compression.CompressionMode.Decompress);
    using var reader = new StreamReader(gzip);
    var html = reader.ReadToEnd();
    foreach (var path in args.Length > 2 ? Communique.Ingest.HtmlArticleExtractor.ExplainText(html, args[2]) : Communique.Ingest.HtmlArticleExtractor.ExplainContainers(html))
    {
        Console.WriteLine(path);
    }

    return 0;
}

if (args.Length > 0 && args[0] == "articles")
{
    return ArticleComparison.Run(args.Length > 1 ? args[1] : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared")));
}

BenchmarkSwitcher.FromAssembly(typeof(TextBenchmarks).Assembly).Run(args);
return 0;

namespace Communique.Tests;

/// <summary>
/// Locates the read-only evaluation material (<c>../shared</c> beside the repository, or the directory in
/// COMMUNIQUE_SHARED). Tests that need it use <see cref="SharedFactAttribute"/> and skip with a clear
/// message when it is absent, so the repository stays self-contained.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> LazyRoot = new(Locate);

    public static string? Root => LazyRoot.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException("shared data is absent"), .. parts]);

    public static string SkipReason =>
        "../shared (evaluation material) is absent; set COMMUNIQUE_SHARED or place it beside the repository to run this test.";

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("COMMUNIQUE_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(System.IO.Path.Combine(candidate, "eval")) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "global.json")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root (global.json) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that is skipped, with a message, when ../shared is absent.</summary>
internal sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = SharedData.SkipReason;
        }
    }
}

using System.Collections.Immutable;
using System.Reflection;
using Communique.Core;

namespace Communique.Text;

/// <summary>
/// A tab-separated lexicon: <c>#</c> comment lines (with <c># version:</c>, <c># sources:</c> and
/// <c># columns:</c> headers), one entry per line, <c>|</c> between alternatives in a cell.
/// </summary>
public sealed class LexiconFile
{
    private LexiconFile(string name, string? version, ImmutableArray<string> columns, ImmutableArray<LexiconRow> rows)
    {
        Name = name;
        Version = version;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>File name.</summary>
    public string Name { get; }

    /// <summary>The <c># version:</c> header, if present.</summary>
    public string? Version { get; }

    /// <summary>Column names from the <c># columns:</c> header.</summary>
    public ImmutableArray<string> Columns { get; }

    /// <summary>Data rows.</summary>
    public ImmutableArray<LexiconRow> Rows { get; }

    /// <summary>Parses lexicon text.</summary>
    /// <exception cref="CommuniqueException">CQ3001 with file and line when a row is malformed.</exception>
    public static LexiconFile Parse(string name, TextReader reader, int minColumns = 1)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? version = null;
        var columns = ImmutableArray<string>.Empty;
        var rows = ImmutableArray.CreateBuilder<LexiconRow>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.AsSpan().Trim().IsEmpty)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var header = line.AsSpan(1).Trim();
                if (header.StartsWith("version:", StringComparison.OrdinalIgnoreCase))
                {
                    version = header[8..].Trim().ToString();
                }
                else if (header.StartsWith("columns:", StringComparison.OrdinalIgnoreCase))
                {
                    columns = [.. header[8..].ToString().Split('\t', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
                }

                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length < minColumns)
            {
                throw new CommuniqueException(ErrorCatalog.LexiconFormat,
                    $"{name}:{lineNumber}: expected at least {minColumns} tab-separated columns, found {cells.Length}.",
                    name, "Separate columns with one tab; leave a cell empty rather than dropping it.");
            }

            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = cells[i].Trim();
            }

            rows.Add(new LexiconRow(lineNumber, [.. cells]));
        }

        return new LexiconFile(name, version, columns, rows.ToImmutable());
    }

    /// <summary>Loads an embedded lexicon from <paramref name="assembly"/>, or the same-named file from <paramref name="overrideDirectory"/> when it exists there.</summary>
    /// <exception cref="CommuniqueException">CQ3001 when the resource is missing or malformed.</exception>
    public static LexiconFile Load(Assembly assembly, string resourcePrefix, string fileName, string? overrideDirectory = null, int minColumns = 1)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (overrideDirectory is not null)
        {
            var path = Path.Combine(overrideDirectory, fileName);
            if (File.Exists(path))
            {
                using var fileReader = new StreamReader(path);
                return Parse(path, fileReader, minColumns);
            }
        }

        var resource = resourcePrefix + fileName;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new CommuniqueException(ErrorCatalog.LexiconFormat, $"Lexicon '{fileName}' is not embedded in {assembly.GetName().Name}.",
                fileName, "Rebuild; lexicons are embedded from the Lexicons folder.");
        using var reader = new StreamReader(stream);
        return Parse(fileName, reader, minColumns);
    }
}

/// <summary>One data row of a lexicon.</summary>
/// <param name="Line">1-based line number, for messages.</param>
/// <param name="Cells">Trimmed cells.</param>
public sealed record LexiconRow(int Line, ImmutableArray<string> Cells)
{
    /// <summary>Cell <paramref name="index"/>, or empty when the row is shorter.</summary>
    public string this[int index] => index < Cells.Length ? Cells[index] : string.Empty;

    /// <summary>The alternatives of a cell (split on <c>|</c>), without empty ones.</summary>
    public string[] Alternatives(int index) =>
        this[index].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Cell <paramref name="index"/>, or null when empty.</summary>
    public string? Optional(int index) => this[index].Length == 0 ? null : this[index];
}

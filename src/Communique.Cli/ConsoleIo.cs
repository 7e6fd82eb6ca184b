using System.Text;

namespace Communique.Cli;

/// <summary>Where a command reads and writes; the console in production, buffers in tests.</summary>
internal interface ICommandIo
{
    Stream StandardInput { get; }

    Stream StandardOutput { get; }

    TextWriter Error { get; }

    bool IsErrorTerminal { get; }
}

/// <summary>The process console.</summary>
internal sealed class ConsoleIo : ICommandIo
{
    private Stream? _out;

    public Stream StandardInput => Console.OpenStandardInput();

    public Stream StandardOutput => _out ??= Console.OpenStandardOutput();

    public TextWriter Error { get; } = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };

    public bool IsErrorTerminal => !Console.IsErrorRedirected;
}

/// <summary>In-memory streams, for tests and in-process runs.</summary>
internal sealed class BufferIo(Stream? input = null) : ICommandIo
{
    private readonly MemoryStream _output = new();
    private readonly StringWriter _error = new();

    public Stream StandardInput { get; } = input ?? new MemoryStream();

    public Stream StandardOutput => _output;

    public TextWriter Error => _error;

    public bool IsErrorTerminal => false;

    public string OutputText => Encoding.UTF8.GetString(_output.ToArray());

    public string ErrorText => _error.ToString();
}

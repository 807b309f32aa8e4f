namespace CameraBeheer.Cli.Commands;

/// <summary>Where a command writes and what it may read from its surroundings.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, CliSettings settings)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public CliSettings Settings { get; } = settings;

    public DateTimeOffset Now => Settings.Time.GetUtcNow();
}

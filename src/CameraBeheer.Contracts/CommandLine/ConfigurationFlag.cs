namespace CameraBeheer.Contracts.CommandLine;

/// <summary>
/// One command-line flag of a program and the configuration key it sets, so a flag, an appsettings entry and an
/// environment variable all set the same thing; its meaning and default are what <c>--help</c> shows.
/// </summary>
/// <param name="Name">The flag as typed, e.g. <c>--grpc-port</c>.</param>
/// <param name="Key">The configuration key it sets, e.g. <c>Grpc:Port</c>.</param>
/// <param name="Description">What it means, in a line.</param>
public sealed record ConfigurationFlag(string Name, string Key, string Description)
{
    /// <summary>The placeholder of its value in usage and help (<c>N</c>, <c>DIR</c>, <c>HOST:PORT</c>).</summary>
    public string HelpName { get; init; } = "VALUE";

    /// <summary>What applies when neither the flag nor its key is given, as shown by <c>--help</c>; null for none.</summary>
    public string? Default { get; init; }

    /// <summary>A switch takes no value (<c>--simulate</c>), or <c>=true</c> / <c>=false</c>; it sets its key to <c>true</c> or <c>false</c>.</summary>
    public bool IsSwitch { get; init; }

    /// <summary>Checks a value: throws an <see cref="ArgumentException"/> naming the flag (its first argument) and the value.</summary>
    public Action<string, string>? Check { get; init; }
}

/// <summary>What a flag given twice means.</summary>
public enum RepeatedFlag
{
    /// <summary>The last one counts (scripts add to a default command line).</summary>
    LastWins,

    /// <summary>Refused with "option --x is given twice".</summary>
    Refused,
}

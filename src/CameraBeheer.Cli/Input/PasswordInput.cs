using CameraBeheer.Cli.Commands;

namespace CameraBeheer.Cli.Input;

/// <summary>
/// Where a password comes from: standard input with <c>--password-stdin</c> or when standard input is redirected (one
/// line, its line break removed), otherwise the terminal without echo. Never an option on the command line, where other
/// users would see it in the process list and it would stay in the shell's history.
/// </summary>
internal static class PasswordInput
{
    /// <summary>More than any accepted password, so an over-long one gets the server's clear refusal rather than a silent cut.</summary>
    private const int MaxRead = 4096;

    public static string Read(CliContext context, bool fromStdin, string prompt)
    {
        var settings = context.Settings;
        if (fromStdin || settings.InputIsRedirected)
        {
            var line = ReadLine(settings.Input ?? throw new UsageException("--password-stdin: there is no standard input to read from"));
            if (string.IsNullOrEmpty(line)) throw new UsageException("--password-stdin: standard input held no password (one line expected)");
            return line;
        }
        var typed = settings.ReadSecret?.Invoke(prompt)
            ?? throw new UsageException("no terminal to ask for the password on: pipe it in with --password-stdin");
        if (typed.Length == 0) throw new UsageException("no password given");
        return typed;
    }

    private static string? ReadLine(TextReader input)
    {
        var buffer = new System.Text.StringBuilder();
        int c;
        while ((c = input.Read()) >= 0 && c != '\n')
        {
            if (buffer.Length >= MaxRead) break;
            buffer.Append((char)c);
        }
        if (buffer.Length == 0 && c < 0) return null;
        // A Windows line end leaves '\r'; nothing else is removed: spaces may be part of a pass phrase.
        if (buffer.Length > 0 && buffer[^1] == '\r') buffer.Length--;
        return buffer.ToString();
    }
}

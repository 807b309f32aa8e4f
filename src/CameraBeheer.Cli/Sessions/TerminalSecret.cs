namespace CameraBeheer.Cli.Sessions;

/// <summary>Reads a password from the terminal without showing it: keys are read one at a time and not echoed.</summary>
internal static class TerminalSecret
{
    public static string? Read(string prompt)
    {
        if (Console.IsInputRedirected) return null;
        Console.Error.Write(prompt);
        var secret = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0) secret.Length--;
                continue;
            }
            // Ctrl+C arrives as a signal; Ctrl+D (end of input) on an empty line gives up.
            if (key.KeyChar == '\u0004' && secret.Length == 0) return null;
            if (!char.IsControl(key.KeyChar)) secret.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return secret.ToString();
    }
}

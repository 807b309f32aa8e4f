namespace CameraBeheer.Cli.Input;

/// <summary>A mistake in what the user typed; the message says what to type instead. Exit code 2, no stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);

namespace CameraBeheer.Fuzz;

/// <summary>A rule a fuzz target checks beyond "does not throw" was broken; the fuzzer reports it as a crash.</summary>
/// <remarks>Shared by every target, and compiled into the test projects that replay the corpus.</remarks>
public sealed class FuzzFinding(string message) : Exception(message)
{
    /// <summary>Text that reaches a log, a dead letter or a terminal must hold no raw control characters from the input.</summary>
    public static void ThrowIfNotPrintable(string what, string? text)
    {
        if (text is null) return;
        var at = text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f');
        if (at < 0) at = text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        if (at >= 0)
            throw new FuzzFinding($"{what} holds the raw control character U+{(int)text[at]:X4} at {at}: {text.Replace("\u001b", "\\u001b", StringComparison.Ordinal)}");
    }
}

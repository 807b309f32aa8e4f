namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Figures the end-to-end tests observe but do not assert (tests do not time things: the machine is shared), written to
/// <c>measurements.log</c> in the test root; ./test.sh prints them after the run.
/// </summary>
public static class Measurements
{
    private static readonly Lock Writing = new();

    public static void Record(string line)
    {
        var root = TestPaths.TestRoot;
        Directory.CreateDirectory(root);
        lock (Writing) File.AppendAllText(Path.Combine(root, "measurements.log"), line + "\n");
    }
}

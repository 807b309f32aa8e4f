namespace CameraBeheer.Cli.Output;

/// <summary>Left-aligned columns separated by two spaces, sized to their widest cell.</summary>
internal static class TextTable
{
    public static IEnumerable<string> Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        yield return Line(headers, widths);
        foreach (var row in rows) yield return Line(row, widths);
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd();
}

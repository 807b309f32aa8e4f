namespace CameraBeheer.Web.Tests.Browser;

/// <summary>Real footage for the browser tests: the test kit's lavfi clip (<see cref="Footage"/>) placed as the edge uploads it.</summary>
public static class TestFootage
{
    /// <summary>Places a segment of <paramref name="camera"/> starting at <paramref name="start"/> (UTC); returns its file.</summary>
    public static Task<string> PlaceAsync(string dataDirectory, string site, string camera, DateTimeOffset start) =>
        Footage.PlaceAsync(dataDirectory, site, camera, start);

    /// <summary>A start on a whole second, as the edge names segments.</summary>
    public static DateTimeOffset Second(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero);
}

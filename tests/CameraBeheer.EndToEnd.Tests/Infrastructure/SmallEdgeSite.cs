namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>The small site the real edge agent runs in these tests: two facility cameras and the gate; a camera offline for 1 minute raises camera-offline.</summary>
internal static class SmallEdgeSite
{
    private const string Json = """
        {
          "site": { "id": "domus-almere-poort", "name": "Domus Almere Poort (klein)", "timeZone": "Europe/Amsterdam" },
          "cameras": [
            { "id": "cam-01", "name": "Poort hoofdingang", "location": "Hekpaal", "placement": "exterior", "kind": "facility", "regions": ["gate", "forecourt"] },
            { "id": "cam-02", "name": "Voordeur", "location": "Gevel", "placement": "exterior", "kind": "facility", "regions": ["entrance", "forecourt"] }
          ],
          "gates": [ { "id": "hoofdingang", "name": "Poort hoofdingang", "camera": "cam-01" } ],
          "zones": [
            { "id": "terrein", "name": "Terrein", "kind": "grounds", "feeds": [ { "camera": "cam-01", "region": "forecourt" }, { "camera": "cam-02" } ] }
          ],
          "watchWindows": [],
          "schoolCalendar": { "schoolDays": ["monday", "tuesday", "wednesday", "thursday", "friday"], "holidays": [], "exceptionDates": [] },
          "retention": { "days": 28 },
          "rules": [
            { "id": "camera-offline", "trigger": "camera-offline", "minutes": 1, "priority": "medium", "text": "Camera offline" }
          ]
        }
        """;

    /// <summary>Writes the site file as <c>small-site.json</c> in <paramref name="data"/>; returns its path.</summary>
    public static async Task<string> WriteAsync(string data)
    {
        var siteFile = Path.Combine(data, "small-site.json");
        await File.WriteAllTextAsync(siteFile, Json);
        return siteFile;
    }
}

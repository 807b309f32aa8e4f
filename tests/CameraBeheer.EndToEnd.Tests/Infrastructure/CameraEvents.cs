namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Reads a camera's event log back through gRPC, as an operator would look back.</summary>
public static class CameraEvents
{
    /// <summary>The ids of the camera's events within an hour either side of <paramref name="around"/>, oldest first.</summary>
    public static async Task<List<string>> IdsAsync(CameraBeheerClient client, string site, string camera, DateTimeOffset around)
    {
        var request = new CameraEventsRequest
        {
            Site = site,
            Camera = camera,
            From = Timestamp.FromDateTimeOffset(around.AddHours(-1)),
            To = Timestamp.FromDateTimeOffset(around.AddHours(1)),
        };
        using var call = client.Cameras.Events(request);
        var ids = new List<string>();
        await foreach (var e in call.ResponseStream.ReadAllAsync()) ids.Add(e.Id);
        return ids;
    }
}

namespace CameraBeheer.Cli.Input;

/// <summary>The server's address as given by --server or CAMERABEHEER_SERVER.</summary>
internal static class ServerAddress
{
    public const string Default = "http://127.0.0.1:5080";

    /// <param name="text">The address.</param>
    /// <param name="source">Where it came from ("--server" or the environment variable), for the message.</param>
    public static Uri Parse(string text, string source)
    {
        var trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.Host.Length == 0
            || uri.UserInfo.Length > 0)
            throw new UsageException($"{source}: '{Output.Display.Clean(trimmed)}' is not a server address; use http:// or https:// with host and port, e.g. {Default}");
        // gRPC addresses the service by path itself; anything after the port would silently be ignored.
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new UsageException($"{source}: give only scheme, host and port (e.g. {Default}), without a path");
        return uri;
    }

    /// <summary>
    /// One or more addresses, comma-separated and/or given several times (<c>--server A --server B,C</c>); each is
    /// checked as <see cref="Parse"/> does, and the same server twice counts once.
    /// </summary>
    public static IReadOnlyList<Uri> ParseList(IEnumerable<string> texts, string source)
    {
        var servers = new List<Uri>();
        foreach (var part in texts.SelectMany(t => t.Split(',')))
        {
            if (part.Trim().Length == 0) continue;
            var uri = Parse(part, source);
            if (!servers.Any(s => Show(s) == Show(uri))) servers.Add(uri);
        }
        if (servers.Count == 0) throw new UsageException($"{source}: no server address given, e.g. {Default}");
        return servers;
    }

    /// <summary>The address as the user would write it (no trailing slash).</summary>
    public static string Show(Uri server) => server.GetLeftPart(UriPartial.Authority);
}

using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CameraBeheer.Web.Session;

/// <summary>
/// The server-side store of sign-ins, by a random session id. In memory on purpose: a restart of the backend signs
/// everyone out of the console, which is what a restart should mean for a screen that shows footage and guest lists.
/// </summary>
public sealed class ConsoleSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    public ConsoleSession Add(string token, DateTimeOffset expiresAt, string login, string name, string role, string site)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var session = new ConsoleSession(id, token, expiresAt, login, name, role, site);
        _sessions[id] = session;
        return session;
    }

    /// <summary>The session, while its token lasts; an expired one is forgotten here.</summary>
    public ConsoleSession? Find(string? id)
    {
        if (id is null || !_sessions.TryGetValue(id, out var session)) return null;
        if (session.ExpiresAt > time.GetUtcNow()) return session;
        _sessions.TryRemove(id, out _);
        return null;
    }

    public void Remove(string id) => _sessions.TryRemove(id, out _);
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace CameraBeheer.Cli.Sessions;

/// <summary>
/// The signed-in session of <c>camerabeheer login</c>: the token and the server it is for, in
/// <c>$XDG_CONFIG_HOME/camerabeheer/session.json</c> (else <c>~/.config/camerabeheer/</c>), the folder 0700 and the file
/// 0600 so no other user of the machine can read the token.
/// </summary>
internal sealed class SessionStore(string folder)
{
    public const string FileName = "session.json";

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string FilePath => Path.Combine(folder, FileName);

    /// <summary>The folder the XDG base directory rules give, or null when neither XDG_CONFIG_HOME nor HOME is set.</summary>
    public static string? DefaultFolder(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "camerabeheer");
        if (environment("HOME") is { Length: > 0 } home) return Path.Combine(home, ".config", "camerabeheer");
        return null;
    }

    public StoredSession? Read()
    {
        if (!File.Exists(FilePath)) return null;
        try
        {
            var session = JsonSerializer.Deserialize(File.ReadAllText(FilePath), SessionJson.Default.StoredSession);
            return session is { Token.Length: > 0 } && Uri.TryCreate(session.Server, UriKind.Absolute, out _) ? session : null;
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"the session file {FilePath} is damaged: run camerabeheer login again");
        }
    }

    /// <summary>Writes the session beside its place and moves it there, so a reader never sees half a file and the mode is right from the start.</summary>
    public void Write(StoredSession session)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else
        {
            Directory.CreateDirectory(folder, FolderMode);
            // An existing folder keeps its mode on CreateDirectory: tighten it.
            File.SetUnixFileMode(folder, FolderMode);
        }
        var aside = FilePath + ".new";
        File.Delete(aside);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        using (var stream = new FileStream(aside, options))
            JsonSerializer.Serialize(stream, session, SessionJson.Default.StoredSession);
        File.Move(aside, FilePath, overwrite: true);
    }

    public bool Delete()
    {
        if (!File.Exists(FilePath)) return false;
        File.Delete(FilePath);
        return true;
    }
}

/// <summary>What <c>login</c> keeps: the server, the token, who it is for and until when.</summary>
internal sealed record StoredSession(string Server, string Token, string Login, string Name, string Role, DateTimeOffset ExpiresAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StoredSession))]
internal sealed partial class SessionJson : JsonSerializerContext;

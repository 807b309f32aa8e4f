namespace CameraBeheer.Edge.Configuration;

/// <summary>The agent's secret file could not be used; the message is the one line the agent stops with.</summary>
public sealed class EdgeSecretFileException(string message) : Exception(message);

/// <summary>Reads the agent's MQTT secret from <c>Edge:Mqtt:PasswordFile</c>: the first line, without its line end.</summary>
public static class EdgeSecretFile
{
    public static string Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeSecretFileException($"Edge:Mqtt:PasswordFile '{path}' cannot be read ({e.Message}); give the file that 'camerabeheer agents add' secret was saved in");
        }
        var secret = text.Split('\n')[0].Trim();
        return secret.Length > 0
            ? secret
            : throw new EdgeSecretFileException($"Edge:Mqtt:PasswordFile '{path}' is empty; its first line must hold the agent's secret");
    }
}

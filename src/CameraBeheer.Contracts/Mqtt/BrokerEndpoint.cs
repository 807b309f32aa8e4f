using System.Globalization;

namespace CameraBeheer.Contracts.Mqtt;

/// <summary>
/// A broker address written as <c>HOST:PORT</c> (<c>[::1]:1883</c> for an IPv6 address): the one reading of it, for the
/// edge's <c>Edge:Mqtt:Broker</c> and <c>--broker</c> and the backend's <c>Mqtt:Broker</c>.
/// </summary>
public readonly record struct BrokerEndpoint(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses <c>HOST:PORT</c>; on failure <paramref name="problem"/> says what is wrong, in words.</summary>
    public static bool TryParse(string? text, out BrokerEndpoint endpoint, out string problem)
    {
        endpoint = default;
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty; expected HOST:PORT, e.g. 127.0.0.1:1883";
            return false;
        }

        text = text.Trim();
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                problem = $"'{text}' is not HOST:PORT; an IPv6 address is written [::1]:1883";
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                problem = colon < 0
                    ? $"'{text}' has no port; expected HOST:PORT, e.g. 127.0.0.1:1883"
                    : $"'{text}' is not HOST:PORT; an IPv6 address is written [::1]:1883";
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
        }

        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '@'))
        {
            problem = $"'{text}' has no valid host; expected HOST:PORT, e.g. 127.0.0.1:1883";
            return false;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            problem = $"'{text}' has port '{port}', which is not a port number (1-65535)";
            return false;
        }

        endpoint = new BrokerEndpoint(host, number);
        return true;
    }
}

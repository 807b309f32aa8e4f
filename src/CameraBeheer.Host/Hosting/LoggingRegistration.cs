using Microsoft.Extensions.Logging.Console;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The console log: one line per entry with a UTC time stamp for people (<c>Logging:Format=text</c>, the default), or one
/// JSON object per line for log collectors (<c>Logging:Format=json</c>). Levels come from <c>Logging:LogLevel</c>, which
/// <c>--log-level</c> sets; appsettings.json keeps the chatty frameworks (Polly's line per grain placement, Orleans,
/// ASP.NET Core) at Warning so that what an operator sees is what the backend did.
/// </summary>
public static class LoggingRegistration
{
    public const string FormatKey = "Logging:Format";

    public static WebApplicationBuilder AddConsoleLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[FormatKey];
        builder.Logging.ClearProviders();
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "text":
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-dd HH:mm:ss'Z' ";
                    // Colours only on a terminal: escape codes in a log file or journal are noise.
                    o.ColorBehavior = Console.IsOutputRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
                });
                break;
            case "json":
                builder.Logging.AddJsonConsole(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                break;
            default:
                throw new ArgumentException($"{FormatKey} '{format}' is not a log format: use text or json");
        }
        return builder;
    }
}

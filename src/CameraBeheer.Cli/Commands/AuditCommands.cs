using System.Globalization;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>audit verify</c>: checks that nobody has altered the hash-chained audit log.</summary>
internal static class AuditCommands
{
    /// <summary>Verifying every day of a long log reads a lot of files; give it longer than an ordinary call.</summary>
    private static readonly TimeSpan VerifyTimeout = TimeSpan.FromMinutes(10);

    public static Command Create() => new("audit", "The audit log") { Verify() };

    private static Command Verify()
    {
        var site = CommonOptions.Site();
        var day = new Option<string?>("--day") { Description = "One local day, yyyy-MM-dd (default: every day in the log)", HelpName = "DATE" };
        var command = new Command("verify", $"Check the audit chain; exit {ExitCodes.AuditBroken} when it is broken") { site, day };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new VerifyAuditRequest
            {
                Site = run.SiteOf(site),
                Day = run.Parse.GetValue(day) is { } d ? Day(d) : "",
            };
            var reply = await run.CallAsync((client, options) => client.Audit.VerifyAsync(request, options), VerifyTimeout, cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(Display.AuditResult(reply));
            return reply.Intact ? ExitCodes.Ok : ExitCodes.AuditBroken;
        });
        return command;
    }

    private static string Day(string text)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        throw new UsageException($"--day: '{Display.Clean(text)}' is not a date; use yyyy-MM-dd, e.g. 2026-11-22");
    }
}

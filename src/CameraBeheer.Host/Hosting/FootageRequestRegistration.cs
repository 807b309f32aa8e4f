using CameraBeheer.Domain.FootageRequests;
using CameraBeheer.Exports;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Police footage requests: the limits (section <c>FootageRequests</c>: MaxWindow, ReviewWithin, ReviewAlertAfter,
/// WrittenConfirmationWithin, ExportKeptFor), the export pipeline (section <c>Exports</c>), the runner
/// that keeps ffmpeg out of the grains, and the deadline checks (run by the site clock).
/// </summary>
public static class FootageRequestRegistration
{
    public static WebApplicationBuilder AddFootageRequests(this WebApplicationBuilder builder, SiteConfiguration site, string dataDirectory)
    {
        var section = builder.Configuration.GetSection("FootageRequests");
        var policy = new FootageRequestPolicy
        {
            MaxWindow = section.GetValue("MaxWindow", FootageRequestPolicy.Default.MaxWindow),
            ReviewWithin = section.GetValue("ReviewWithin", FootageRequestPolicy.Default.ReviewWithin),
            ReviewAlertAfter = section.GetValue("ReviewAlertAfter", FootageRequestPolicy.Default.ReviewAlertAfter),
            WrittenConfirmationWithin = section.GetValue("WrittenConfirmationWithin", FootageRequestPolicy.Default.WrittenConfirmationWithin),
            ExportKeptFor = section.GetValue("ExportKeptFor", FootageRequestPolicy.Default.ExportKeptFor),
            Retention = site.Retention.Period,
        };
        Check(policy.MaxWindow > TimeSpan.Zero && policy.MaxWindow <= TimeSpan.FromDays(7), "FootageRequests:MaxWindow must be more than zero and at most 7 days");
        Check(policy.ReviewAlertAfter > TimeSpan.Zero && policy.ReviewAlertAfter < policy.ReviewWithin, "FootageRequests:ReviewAlertAfter must be more than zero and before ReviewWithin");
        Check(policy.WrittenConfirmationWithin > TimeSpan.Zero, "FootageRequests:WrittenConfirmationWithin must be more than zero");
        Check(policy.ExportKeptFor > TimeSpan.Zero && policy.ExportKeptFor <= site.Retention.Period, "FootageRequests:ExportKeptFor must be more than zero and at most the retention period");
        builder.Services.AddSingleton(policy);
        builder.Services.AddFootageExports(builder.Configuration.GetSection("Exports"), dataDirectory);
        builder.Services.AddSingleton<FootageExportRunner>();
        builder.Services.AddSingleton<IFootageExportJobs>(sp => sp.GetRequiredService<FootageExportRunner>());
        builder.Services.AddSingleton<FootageRequestChecks>(); // run by the site clock
        return builder;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}

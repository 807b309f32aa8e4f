using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The site clock's periods are reminders, and a reminder has a floor (<c>Cluster:MinimumReminderPeriod</c>). Orleans
/// refuses a shorter one at registration, deep in the start; this says it at start (<c>ValidateOnStart</c>), with the
/// keys to change.
/// </summary>
public sealed class SiteClockValidation(ClusterSettings cluster) : IValidateOptions<SiteClockOptions>, IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, SiteClockOptions options) =>
        Check("Cluster:WakeUpInterval", options?.WakeUpInterval ?? throw new ArgumentNullException(nameof(options)));

    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        Check("Retention:SweepInterval", options?.SweepInterval ?? throw new ArgumentNullException(nameof(options)));

    private ValidateOptionsResult Check(string key, TimeSpan value) => value < cluster.MinimumReminderPeriod
        ? ValidateOptionsResult.Fail($"{key} is {value}, shorter than a reminder may be ({cluster.MinimumReminderPeriod}); make it longer or lower Cluster:MinimumReminderPeriod")
        : ValidateOptionsResult.Success;
}

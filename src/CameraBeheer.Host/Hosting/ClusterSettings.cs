using System.Net;
using Microsoft.Extensions.Configuration;

namespace CameraBeheer.Host.Hosting;

/// <summary>The values of the <c>Cluster:Kind</c> setting.</summary>
public static class ClusterKinds
{
    /// <summary>One silo on this machine (Orleans' localhost clustering, reminders in memory); the default.</summary>
    public const string Localhost = "Localhost";

    /// <summary>Any number of silos that find each other in an Azure Table (membership and reminders).</summary>
    public const string AzureStorage = "AzureStorage";
}

/// <summary>
/// How this silo finds the others (section <c>Cluster</c>), read once and checked before anything starts. The embedded
/// default is one localhost silo; <c>Kind=AzureStorage</c> puts membership and reminders in Azure Tables, which needs
/// grain state every silo can read (<c>Storage:Kind=AzureBlob</c>), an external broker and a name per silo.
/// </summary>
/// <remarks>A record read while building, not options checked by <c>ValidateOnStart</c>: the silo's clustering is
/// configured from it before the service provider exists.</remarks>
public sealed record ClusterSettings(string Kind, string? ConnectionString, string ClusterId, string ServiceId, IPAddress AdvertisedAddress, string? SiloName)
{
    public const string DefaultClusterId = "camerabeheer";
    public const string DefaultServiceId = "camerabeheer";

    public bool IsAzureStorage => Kind == ClusterKinds.AzureStorage;

    /// <summary>Orleans' floor for a reminder's period (<c>Cluster:MinimumReminderPeriod</c>); 1 minute, lowered only by tests.</summary>
    public TimeSpan MinimumReminderPeriod { get; init; } = DefaultMinimumReminderPeriod;

    private static readonly TimeSpan DefaultMinimumReminderPeriod = TimeSpan.FromMinutes(1);

    public static ClusterSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Cluster");
        var kindValue = section["Kind"];
        string kind;
        if (string.IsNullOrWhiteSpace(kindValue) || kindValue.Equals(ClusterKinds.Localhost, StringComparison.OrdinalIgnoreCase))
            kind = ClusterKinds.Localhost;
        else if (kindValue.Equals(ClusterKinds.AzureStorage, StringComparison.OrdinalIgnoreCase))
            kind = ClusterKinds.AzureStorage;
        else
            throw new ArgumentException($"Cluster:Kind is '{kindValue}'; expected {ClusterKinds.Localhost} or {ClusterKinds.AzureStorage}");

        var clusterId = Identifier(section, "ClusterId", DefaultClusterId);
        var serviceId = Identifier(section, "ServiceId", DefaultServiceId);
        var advertised = IPAddress.Loopback;
        if (section["AdvertisedAddress"] is { Length: > 0 } address && !IPAddress.TryParse(address, out advertised))
            throw new ArgumentException($"Cluster:AdvertisedAddress '{address}' is not an IP address");
        var siloName = section["SiloName"] is { Length: > 0 } name ? Identifier(section, "SiloName", name) : null;
        var minimumReminder = DefaultMinimumReminderPeriod;
        if (section["MinimumReminderPeriod"] is { Length: > 0 } minimum
            && (!TimeSpan.TryParse(minimum, System.Globalization.CultureInfo.InvariantCulture, out minimumReminder) || minimumReminder <= TimeSpan.Zero))
            throw new ArgumentException($"Cluster:MinimumReminderPeriod '{minimum}' is not a positive time span (hh:mm:ss)");
        if (kind == ClusterKinds.Localhost)
            return new ClusterSettings(kind, null, clusterId, serviceId, advertised!, siloName) { MinimumReminderPeriod = minimumReminder };

        // Every silo must read the grain state the others wrote: a folder on one machine's disk cannot be that.
        var storageKind = configuration["Storage:Kind"];
        if (!string.Equals(storageKind, "AzureBlob", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("Cluster:Kind AzureStorage needs Storage:Kind AzureBlob: every silo must read the same grain state");
        var connection = section["ConnectionString"] is { Length: > 0 } own ? own : configuration["Storage:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connection))
            throw new ArgumentException("Cluster:ConnectionString (or Storage:ConnectionString) is required when Cluster:Kind is AzureStorage");
        // The embedded broker is one process's broker: silos cannot share it, and the edge cannot fail over to another
        // silo's, so a cluster needs an external broker (Mosquitto); each silo needs a name for its sessions.
        if (string.IsNullOrWhiteSpace(configuration["Mqtt:Broker"]))
            throw new ArgumentException("Cluster:Kind AzureStorage needs Mqtt:Broker (Mosquitto): the embedded MQTT broker serves one node only, and silos cannot share it");
        if (siloName is null)
            throw new ArgumentException("Cluster:Kind AzureStorage needs Cluster:SiloName (e.g. node-1), unique and the same at every start: it names the silo's MQTT sessions, which another silo takes over when it dies");
        return new ClusterSettings(kind, connection, clusterId, serviceId, advertised!, siloName) { MinimumReminderPeriod = minimumReminder };
    }

    // Orleans puts these in table keys and blob names: letters, digits, '-' and '_' keep them valid everywhere.
    private static string Identifier(IConfigurationSection section, string key, string fallback)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (value.Length > 63 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"Cluster:{key} '{value}' may hold only letters, digits, '-' and '_' (at most 63)");
        return value;
    }
}

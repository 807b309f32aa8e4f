using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Tls;
using CameraBeheer.Domain;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Edge.Configuration;

/// <summary>A configuration the edge agent cannot run with; <see cref="Problems"/> lists every problem, each naming its setting.</summary>
public sealed class EdgeConfigurationException(IReadOnlyList<string> problems)
    : Exception("the edge configuration has problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Binds <see cref="EdgeOptions"/> and checks them, so that a mistake stops the start with a message naming the setting
/// (<c>Edge:Cameras:2:Id</c>) instead of surfacing later as dead-lettered events.
/// </summary>
/// <remarks>Region geometry is kept as data and checked by the motion detector, which knows what it can use.
/// Not an <c>IValidateOptions</c> run by <c>ValidateOnStart</c>: the registrations follow from these options (a recorder
/// per camera, an agent per gate, the state folder), so they are read and checked before the container is built, and
/// the message lists every problem at once, where options validation would name one per options type.</remarks>
public static class EdgeOptionsValidator
{
    /// <summary>Binds the <c>Edge</c> section, reads the site configuration file when one is named, and validates.</summary>
    /// <exception cref="EdgeConfigurationException">The configuration cannot be used; the message lists every problem.</exception>
    public static EdgeOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new EdgeOptions();
        var section = configuration.GetSection(EdgeOptions.Section);
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the type ("Failed to convert configuration value at 'Edge:Mqtt:MaxInFlight' …").
            throw new EdgeConfigurationException([e.Message]);
        }

        var bindingProblems = BindingProblems(section, options);
        if (bindingProblems.Count > 0)
        {
            throw new EdgeConfigurationException(bindingProblems);
        }

        // The broker ties an agent's status topic to its user name: by default the agent is called what it signs in as.
        if (!string.IsNullOrEmpty(options.Mqtt.UserName) && string.IsNullOrEmpty(section["Agent"])) options.Agent = options.Mqtt.UserName;
        if (!string.IsNullOrWhiteSpace(options.Mqtt.PasswordFile) && string.IsNullOrEmpty(options.Mqtt.Password))
            options.Mqtt.Password = EdgeSecretFile.Read(options.Mqtt.PasswordFile);

        SiteConfiguration? site = null;
        if (!string.IsNullOrWhiteSpace(options.SiteConfigFile))
        {
            try
            {
                site = SiteConfigurationLoader.LoadFile(options.SiteConfigFile);
            }
            catch (SiteConfigurationException e)
            {
                throw new EdgeConfigurationException([$"Edge:SiteConfigFile '{options.SiteConfigFile}' cannot be used: {e.Message}"]);
            }
        }

        Validate(options, site);
        return options;
    }

    /// <summary>
    /// The binder skips a list element it cannot convert without a word (a gate whose port is "four" simply vanishes),
    /// so every list is counted against the configuration and a skipped element is bound alone to get its error.
    /// </summary>
    private static List<string> BindingProblems(IConfigurationSection edge, EdgeOptions options)
    {
        var problems = new List<string>();
        var cameras = edge.GetSection("Cameras");
        if (CheckList<EdgeCameraOptions>(cameras, options.Cameras.Count, problems))
        {
            var i = 0;
            foreach (var camera in cameras.GetChildren())
            {
                var bound = options.Cameras[i++];
                var regions = camera.GetSection("Regions");
                CheckList<EdgePresetOptions>(camera.GetSection("Presets"), bound.Presets.Count, problems);
                if (CheckList<EdgeRegionOptions>(regions, bound.Regions.Count, problems))
                {
                    var r = 0;
                    foreach (var region in regions.GetChildren())
                    {
                        var points = region.GetSection("Points").GetChildren().ToList();
                        var boundPoints = bound.Regions[r++].Points;
                        for (var p = 0; p < points.Count; p++)
                        {
                            if (p >= boundPoints.Count || points[p].GetChildren().Count() != boundPoints[p].Length || points[p].Value is not null)
                            {
                                problems.Add($"{points[p].Path} is not a point: write it as [x, y] with numbers between 0 and 1");
                                break;
                            }
                        }
                    }
                }
            }
        }

        CheckList<EdgeGateOptions>(edge.GetSection("Gates"), options.Gates.Count, problems);
        return problems;
    }

    /// <summary>True when every element of <paramref name="list"/> was bound; otherwise adds why not.</summary>
    private static bool CheckList<T>(IConfigurationSection list, int boundCount, List<string> problems)
    {
        var children = list.GetChildren().ToList();
        if (children.Count == boundCount)
        {
            return true;
        }

        var before = problems.Count;
        foreach (var child in children)
        {
            try
            {
                child.Get<T>();
            }
            catch (InvalidOperationException e)
            {
                problems.Add(e.Message);
            }
        }

        if (problems.Count == before)
        {
            problems.Add($"{list.Path} has {children.Count} entries but only {boundCount} could be read; check their values");
        }

        return false;
    }

    /// <summary>Throws <see cref="EdgeConfigurationException"/> listing every problem, or returns when there is none.</summary>
    public static void Validate(EdgeOptions options, SiteConfiguration? site = null)
    {
        var problems = Problems(options, site);
        if (problems.Count > 0)
        {
            throw new EdgeConfigurationException(problems);
        }
    }

    /// <summary>Every problem of <paramref name="options"/>, each naming its setting; empty when there is none.</summary>
    public static List<string> Problems(EdgeOptions options, SiteConfiguration? site = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Add(string problem) => problems.Add(problem);

        CheckId(problems, "Edge:Site", options.Site, "site");
        if (site is not null && Ids.IsValid(options.Site) && options.Site != site.Site.Id)
        {
            Add($"Edge:Site '{options.Site}' is not the site of Edge:SiteConfigFile ('{site.Site.Id}')");
        }

        CheckId(problems, "Edge:Agent", options.Agent, "agent");
        if (string.IsNullOrWhiteSpace(options.Data))
        {
            Add("Edge:Data is empty; give the data folder (--data DIR)");
        }

        CheckMqtt(problems, options.Mqtt);
        if (!string.IsNullOrEmpty(options.Mqtt.UserName) && Ids.IsValid(options.Agent) && options.Agent != options.Mqtt.UserName)
        {
            Add($"Edge:Agent '{options.Agent}' is not Edge:Mqtt:UserName '{Printable(options.Mqtt.UserName)}': the broker lets an agent publish its status only under its own name; leave Edge:Agent out or make them the same");
        }

        if (options.Outbox.MaxEvents < 10)
        {
            Add($"Edge:Outbox:MaxEvents is {options.Outbox.MaxEvents}; at least 10 events must fit in the queue");
        }

        if (options.Outbox.MaxMiB < 1)
        {
            Add($"Edge:Outbox:MaxMiB is {options.Outbox.MaxMiB}; at least 1 MiB");
        }

        if (options.Upload.MaxSpoolMiB < 1)
        {
            Add($"Edge:Upload:MaxSpoolMiB is {options.Upload.MaxSpoolMiB}; at least 1 MiB");
        }

        if (options.Upload.Concurrency is < 1 or > 16)
        {
            Add($"Edge:Upload:Concurrency is {options.Upload.Concurrency}; expected 1 to 16");
        }

        if (options.Retention.SweepMinutes is < 1 or > 24 * 60)
        {
            Add($"Edge:Retention:SweepMinutes is {options.Retention.SweepMinutes}; expected 1 to 1440 (a day)");
        }

        if (options.Disk.MinimumFreeMiB < 0)
        {
            Add($"Edge:Disk:MinimumFreeMiB is {options.Disk.MinimumFreeMiB}; expected 0 (no guard) or more");
        }

        if (options.Disk.ResumeFreeMiB < options.Disk.MinimumFreeMiB)
        {
            Add($"Edge:Disk:ResumeFreeMiB is {options.Disk.ResumeFreeMiB}; it must be at least Edge:Disk:MinimumFreeMiB ({options.Disk.MinimumFreeMiB}), or recording would stop and start again at once");
        }

        if (options.Disk.CheckSeconds is < 1 or > 3600)
        {
            Add($"Edge:Disk:CheckSeconds is {options.Disk.CheckSeconds}; expected 1 to 3600");
        }

        CheckCameras(problems, options, site);
        CheckGates(problems, options, site);
        if (!options.Simulate && options.Cameras.Count == 0 && options.Gates.Count == 0)
        {
            Add("Edge:Cameras and Edge:Gates are both empty: there is nothing to record or read (or start with --simulate)");
        }

        return problems;
    }

    private static void CheckMqtt(List<string> problems, EdgeMqttSettings mqtt)
    {
        if (!BrokerEndpoint.TryParse(mqtt.Broker, out var broker, out var problem))
        {
            problems.Add($"Edge:Mqtt:Broker {problem}");
        }
        else if (!mqtt.Tls && !LoopbackAddresses.IsLoopback(broker.Host))
        {
            // The agent's secret and the site's events would cross the network readable by anyone on the path.
            problems.Add($"Edge:Mqtt:Broker '{mqtt.Broker}' is not on this machine and Edge:Mqtt:Tls is off; plaintext MQTT is allowed only on loopback: set Edge:Mqtt:Tls=true (and Edge:Mqtt:CaFile for a site or test CA)");
        }

        if (!string.IsNullOrWhiteSpace(mqtt.CaFile))
        {
            if (!mqtt.Tls)
            {
                problems.Add("Edge:Mqtt:CaFile is set but Edge:Mqtt:Tls is off: set Edge:Mqtt:Tls=true to connect to the broker over TLS");
            }

            try
            {
                CertificateAuthorityTrust.FromFile(mqtt.CaFile, "Edge:Mqtt:CaFile");
            }
            catch (TlsFileException e)
            {
                problems.Add(e.Message);
            }
        }

        if (!string.IsNullOrEmpty(mqtt.Password) && string.IsNullOrEmpty(mqtt.UserName))
        {
            problems.Add("Edge:Mqtt:Password is set but Edge:Mqtt:UserName is not; give both or neither");
        }

        if (!string.IsNullOrEmpty(mqtt.UserName) && string.IsNullOrEmpty(mqtt.Password))
        {
            problems.Add("Edge:Mqtt:UserName is set but there is no secret: give Edge:Mqtt:PasswordFile (--password-file FILE) or Edge:Mqtt:Password");
        }

        if (mqtt.ClientId is { } clientId && (clientId.Length is 0 or > 128 || clientId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            problems.Add("Edge:Mqtt:ClientId must be 1 to 128 characters without spaces");
        }

        if (mqtt.KeepAliveSeconds is < 1 or > 65535)
        {
            problems.Add($"Edge:Mqtt:KeepAliveSeconds is {mqtt.KeepAliveSeconds}; expected 1 to 65535");
        }

        if (mqtt.SessionExpirySeconds < 1)
        {
            problems.Add($"Edge:Mqtt:SessionExpirySeconds is {mqtt.SessionExpirySeconds}; the session must outlive a disconnect (at least 1)");
        }

        if (mqtt.MaxInFlight is < 1 or > 1000)
        {
            problems.Add($"Edge:Mqtt:MaxInFlight is {mqtt.MaxInFlight}; expected 1 to 1000");
        }

        if (!double.IsFinite(mqtt.MinBackoffSeconds) || mqtt.MinBackoffSeconds <= 0)
        {
            problems.Add($"Edge:Mqtt:MinBackoffSeconds is {mqtt.MinBackoffSeconds.ToString(CultureInfo.InvariantCulture)}; expected more than 0");
        }
        else if (!double.IsFinite(mqtt.MaxBackoffSeconds) || mqtt.MaxBackoffSeconds < mqtt.MinBackoffSeconds)
        {
            problems.Add($"Edge:Mqtt:MaxBackoffSeconds is {mqtt.MaxBackoffSeconds.ToString(CultureInfo.InvariantCulture)}; expected at least Edge:Mqtt:MinBackoffSeconds");
        }
    }

    private static void CheckCameras(List<string> problems, EdgeOptions options, SiteConfiguration? site)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Cameras.Count; i++)
        {
            var camera = options.Cameras[i] ?? new EdgeCameraOptions();
            var at = $"Edge:Cameras:{i}";
            if (!CheckId(problems, $"{at}:Id", camera.Id, "camera"))
            {
                continue;
            }

            at = $"Edge:Cameras:{i} ({camera.Id})";
            if (seen.TryGetValue(camera.Id, out var first))
            {
                problems.Add($"Edge:Cameras:{i}:Id '{camera.Id}' is a duplicate of Edge:Cameras:{first}:Id; each camera is listed once");
                continue;
            }

            seen[camera.Id] = i;
            if (!options.Simulate && string.IsNullOrWhiteSpace(camera.Source))
            {
                problems.Add($"{at}:Source is missing: give the stream ffmpeg reads (e.g. rtsp://user:pass@10.0.0.21/stream1), or start with --simulate");
            }

            var siteCamera = site?.FindCamera(camera.Id);
            if (site is not null && siteCamera is null)
            {
                problems.Add($"{at}:Id '{camera.Id}' is not a camera of site '{site.Site.Id}' in Edge:SiteConfigFile");
            }

            CheckPresets(problems, at, camera, siteCamera);
            CheckRegions(problems, at, camera, siteCamera);
        }
    }

    private static void CheckPresets(List<string> problems, string at, EdgeCameraOptions camera, CameraConfig? siteCamera)
    {
        var numbers = new HashSet<int>();
        for (var p = 0; p < camera.Presets.Count; p++)
        {
            var preset = camera.Presets[p] ?? new EdgePresetOptions();
            if (preset.Number < 0)
            {
                problems.Add($"{at}:Presets:{p}:Number is {preset.Number}; preset numbers are 0 or more");
            }
            else if (!numbers.Add(preset.Number))
            {
                problems.Add($"{at}:Presets:{p}:Number {preset.Number} is listed twice");
            }
            else if (siteCamera is not null && siteCamera.FindPreset(preset.Number) is null)
            {
                problems.Add($"{at}:Presets:{p}:Number {preset.Number} is not a preset of camera '{camera.Id}' in Edge:SiteConfigFile"
                    + (siteCamera.Presets.Count == 0 ? " (it is not a dome camera there)" : $" (it has {string.Join(", ", siteCamera.Presets.Select(x => x.Number))})"));
            }

            if (preset.DwellSeconds < 1)
            {
                problems.Add($"{at}:Presets:{p}:DwellSeconds is {preset.DwellSeconds}; at least 1");
            }
        }
    }

    private static void CheckRegions(List<string> problems, string at, EdgeCameraOptions camera, CameraConfig? siteCamera)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < camera.Regions.Count; r++)
        {
            var region = camera.Regions[r] ?? new EdgeRegionOptions();
            if (!CheckId(problems, $"{at}:Regions:{r}:Name", region.Name, "region name"))
            {
                continue;
            }

            // A dome has per-preset regions: the same name may come back once per preset.
            if (!names.Add(region.Preset is { } preset ? $"{region.Name}@{preset}" : region.Name))
            {
                problems.Add($"{at}:Regions:{r}:Name '{region.Name}' is listed twice");
            }

            if (siteCamera is not null && !siteCamera.HasRegion(region.Name))
            {
                problems.Add($"{at}:Regions:{r}:Name '{region.Name}' is not a region of camera '{camera.Id}' in Edge:SiteConfigFile"
                    + (siteCamera.Regions.Count == 0 ? " (it has none)" : $" (it has {string.Join(", ", siteCamera.Regions)})"));
            }

            if (region.Preset is { } number && !camera.Presets.Any(p => p is not null && p.Number == number))
            {
                problems.Add($"{at}:Regions:{r}:Preset {number} is not one of the camera's Presets");
            }
        }
    }

    private static void CheckGates(List<string> problems, EdgeOptions options, SiteConfiguration? site)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Gates.Count; i++)
        {
            var gate = options.Gates[i] ?? new EdgeGateOptions();
            if (!CheckId(problems, $"Edge:Gates:{i}:Id", gate.Id, "gate"))
            {
                continue;
            }

            if (seen.TryGetValue(gate.Id, out var first))
            {
                problems.Add($"Edge:Gates:{i}:Id '{gate.Id}' is a duplicate of Edge:Gates:{first}:Id; each gate is listed once");
                continue;
            }

            seen[gate.Id] = i;
            var at = $"Edge:Gates:{i} ({gate.Id})";
            if (string.IsNullOrWhiteSpace(gate.Host))
            {
                problems.Add($"{at}:Host is missing: give the gate controller's address (e.g. 10.0.0.40)");
            }
            else if (gate.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/'))
            {
                problems.Add($"{at}:Host '{Printable(gate.Host)}' is not a host name or address");
            }
            else if (gate.Host.Count(c => c == ':') == 1)
            {
                // One colon is HOST:PORT, not an IPv6 address (those have at least two).
                problems.Add($"{at}:Host '{gate.Host}' holds a port; give the host alone and the port in Edge:Gates:{i}:Port");
            }

            if (gate.Port is null)
            {
                problems.Add($"{at}:Port is missing: give the TCP port of the gate controller (1-65535)");
            }
            else if (gate.Port is < 1 or > 65535)
            {
                problems.Add($"{at}:Port is {gate.Port}; expected a TCP port 1-65535");
            }

            if (site is not null && site.FindGate(gate.Id) is null)
            {
                problems.Add($"{at}:Id '{gate.Id}' is not a gate of site '{site.Site.Id}' in Edge:SiteConfigFile");
            }
        }
    }

    private static bool CheckId(List<string> problems, string key, string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            problems.Add($"{key} is missing: give the {what} id ({Ids.Rule})");
            return false;
        }

        if (!Ids.IsValid(value))
        {
            problems.Add($"{key} '{Printable(value)}' is not a valid {what} id: {Ids.Rule}");
            return false;
        }

        return true;
    }

    private static string Printable(string value)
    {
        var cut = value.Length > 70 ? value[..70] + "…" : value;
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }
}

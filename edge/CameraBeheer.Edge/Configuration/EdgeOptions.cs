using CameraBeheer.Mqtt;

namespace CameraBeheer.Edge.Configuration;

/// <summary>
/// Everything the edge agent is told, bound from the <c>Edge</c> section of appsettings, environment variables and the
/// command-line flags (<see cref="EdgeArguments"/>). Checked by <see cref="EdgeOptionsValidator"/> before anything starts.
/// </summary>
public sealed class EdgeOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Edge";

    /// <summary>The site id, as in the site configuration and the MQTT topics (e.g. <c>domus-almere-poort</c>).</summary>
    public string Site { get; set; } = "";

    /// <summary>This agent's id: names its MQTT client, its status topic and its state folder. One agent per edge machine.</summary>
    public string Agent { get; set; } = "edge";

    /// <summary>The data folder (<c>--data</c>): the root of the local blob store in the embedded default, and the
    /// parent of <see cref="StateFolder"/> when that is not set.</summary>
    public string Data { get; set; } = "./data";

    /// <summary>Where the agent keeps its own state: the outbox journal and the upload spool. Default
    /// <c>{Data}/.edge/{Agent}</c>: a dot-folder, which the local blob store never lists nor lets a blob name reach.</summary>
    public string? StateFolder { get; set; }

    /// <summary>Optional site configuration file; when given, cameras, regions, presets and gates are checked against it.</summary>
    public string? SiteConfigFile { get; set; }

    /// <summary><c>--simulate</c>: the whole site from generated sources; cameras need no source then.</summary>
    public bool Simulate { get; set; }

    public EdgeMqttSettings Mqtt { get; set; } = new();

    public EdgeOutboxSettings Outbox { get; set; } = new();

    public EdgeUploadSettings Upload { get; set; } = new();

    public EdgeRetentionSettings Retention { get; set; } = new();

    public EdgeDiskSettings Disk { get; set; } = new();

    public List<EdgeCameraOptions> Cameras { get; set; } = [];

    public List<EdgeGateOptions> Gates { get; set; } = [];

    /// <summary>The state folder, resolved to a full path.</summary>
    public string ResolvedStateFolder =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(StateFolder) ? Path.Combine(Data, ".edge", Agent) : StateFolder);
}

/// <summary>
/// How the agent reaches the MQTT broker (<c>Edge:Mqtt</c>); the login and TLS settings are the backend's
/// (<see cref="MqttBrokerLogin"/>). The password: <c>--password-file</c> or <c>Edge__Mqtt__Password</c>. The client id
/// defaults to <c>camerabeheer-edge-{site}-{agent}</c>.
/// </summary>
public sealed class EdgeMqttSettings : MqttBrokerLogin
{
    /// <summary><c>HOST:PORT</c> of the broker (<c>--broker</c>); <c>[::1]:1883</c> for an IPv6 address.</summary>
    public string Broker { get; set; } = "127.0.0.1:1883";

    public int KeepAliveSeconds { get; set; } = 15;

    public int SessionExpirySeconds { get; set; } = 24 * 60 * 60;

    /// <summary>Unacknowledged publishes at a time over all cameras and gates (each camera or gate has at most one).</summary>
    public int MaxInFlight { get; set; } = 32;

    public double MinBackoffSeconds { get; set; } = 0.5;

    public double MaxBackoffSeconds { get; set; } = 10;
}

/// <summary>The on-disk queue of events waiting for the broker (<c>Edge:Outbox</c>).</summary>
public sealed class EdgeOutboxSettings
{
    /// <summary>At most this many queued events; beyond it the oldest footage events are dropped first.</summary>
    public int MaxEvents { get; set; } = 100_000;

    /// <summary>At most this many MiB of queued events.</summary>
    public int MaxMiB { get; set; } = 64;
}

/// <summary>The edge's own four-week rule (<c>Edge:Retention</c>).</summary>
public sealed class EdgeRetentionSettings
{
    /// <summary>Minutes between sweeps of the quarantine, the upload spool and the outbox journal (one also runs at start).</summary>
    public int SweepMinutes { get; set; } = 60;
}

/// <summary>The low-disk guard of the place footage is written at the edge (<c>Edge:Disk</c>).</summary>
public sealed class EdgeDiskSettings
{
    /// <summary>Below this many MiB free, new footage is refused (no new segments); nothing is deleted to make room.</summary>
    public int MinimumFreeMiB { get; set; } = 1024;

    /// <summary>Recording resumes once this many MiB are free again (above the minimum, so it does not flap).</summary>
    public int ResumeFreeMiB { get; set; } = 1536;

    /// <summary>Seconds between checks of the free space.</summary>
    public int CheckSeconds { get; set; } = 10;
}

/// <summary>The uploader of finished segments (<c>Edge:Upload</c>).</summary>
public sealed class EdgeUploadSettings
{
    /// <summary>At most this many MiB of finished segments waiting for upload; beyond it the oldest are dropped.</summary>
    public int MaxSpoolMiB { get; set; } = 4096;

    /// <summary>Uploads at a time (over different cameras; one camera's segments go one after another).</summary>
    public int Concurrency { get; set; } = 2;
}

/// <summary>One camera this agent records (<c>Edge:Cameras:N</c>).</summary>
public sealed class EdgeCameraOptions
{
    /// <summary>The camera id as in the site configuration (e.g. <c>cam-01</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>What ffmpeg reads: an RTSP URL, a file, or any input ffmpeg accepts. Not needed with <c>--simulate</c>.</summary>
    public string? Source { get; set; }

    /// <summary>Named parts of the image that motion is reported for.</summary>
    public List<EdgeRegionOptions> Regions { get; set; } = [];

    /// <summary>The preset views of a dome camera; empty for a fixed camera.</summary>
    public List<EdgePresetOptions> Presets { get; set; } = [];
}

/// <summary>A region of a camera image. The geometry is kept as given; the motion detector checks it.</summary>
public sealed class EdgeRegionOptions
{
    /// <summary>The region name as in the site configuration (e.g. <c>gate</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>Polygon corners as <c>[x, y]</c> pairs in 0..1 image coordinates (0,0 top left).</summary>
    public List<double[]> Points { get; set; } = [];

    /// <summary>A preset of a dome camera this region belongs to; null for every view.</summary>
    public int? Preset { get; set; }
}

/// <summary>A preset view of a dome camera.</summary>
public sealed class EdgePresetOptions
{
    public int Number { get; set; }

    public string? Name { get; set; }

    /// <summary>How long a tour stays on this preset.</summary>
    public int DwellSeconds { get; set; } = 60;
}

/// <summary>A gate controller this agent reads (<c>Edge:Gates:N</c>), speaking the line protocol of Gate/PROTOCOL.md.</summary>
public sealed class EdgeGateOptions
{
    /// <summary>The gate id as in the site configuration.</summary>
    public string Id { get; set; } = "";

    public string? Host { get; set; }

    public int? Port { get; set; }
}

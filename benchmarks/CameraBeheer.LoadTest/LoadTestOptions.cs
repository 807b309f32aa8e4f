using System.Globalization;
using System.Net;

namespace CameraBeheer.LoadTest;

/// <summary>The load test's command line; every value is checked and a bad one is named.</summary>
public sealed record LoadTestOptions
{
    public const string Usage = """
        usage: CameraBeheer.LoadTest [--events N] [--cameras K] [--inflight M] [--rounds R] [--warmup W] [--broker HOST:PORT]
                                     [--host-dll PATH] [--paced-seconds S] [--alert-samples N] [--round-timeout S] [--keep]
                                     [--export-beside] [--export-minutes M] [--silos 1|2|3 [--kill-one]]
          --events N         events per round (default 20000)
          --cameras K        publishing cameras cam-01..cam-K, one MQTT client each (default 16, at most 32)
          --inflight M       QoS 1 publishes in flight over all cameras (default 256)
          --rounds R         measured rounds of each kind after the warm-up rounds (default 3)
          --warmup W         warm-up rounds of each kind, not counted (single node; default 3: the backend's JIT reaches its
                             optimised code only after tens of thousands of events)
          --broker HOST:PORT use this loopback broker instead of starting Mosquitto
          --host-dll PATH    the backend (default src/CameraBeheer.Host/bin/Release/net10.0/CameraBeheer.Host.dll)
          --paced-seconds S  length of the half-rate latency phase (default 10)
          --alert-samples N  motion events timed from MQTT to the alert on a Watch stream (default 100)
          --round-timeout S  give up when one round takes longer (default 600)
          --keep             keep the work folder (backend data and logs, Mosquitto config and log)
          --export-beside    also an end-to-end round with a police export running in a loop beside it, after each
                             end-to-end round; last line: ingest with export/without
          --export-minutes M footage per export with --export-beside: M minutes of one camera (default 5)
          --silos N          run against N silos of the deploy/cluster recipe (Azurite, its Mosquitto, N hosts);
                             last line: silos: N, e2e/raw ratio: …
          --kill-one         with --silos 2 or 3: one more round, SIGKILL the last silo during it; last line:
                             cluster: lost N, duplicated N, recovered in N s
        """;

    public int Events { get; init; } = 20_000;
    public int Cameras { get; init; } = 16;
    public int InFlight { get; init; } = 256;
    public int Rounds { get; init; } = 3;

    public int Warmup { get; init; } = 3;
    public (string Host, int Port)? Broker { get; init; }
    public string? HostDll { get; init; }
    public double PacedSeconds { get; init; } = 10;

    /// <summary>Motion events whose way to an alert on a Watch stream is timed.</summary>
    public int AlertSamples { get; init; } = 100;
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(600);
    public bool Keep { get; init; }

    /// <summary>Measures each end-to-end round once more with a police export running beside it.</summary>
    public bool ExportBeside { get; init; }
    public int ExportMinutes { get; init; } = 5;
    public bool ShowHelp { get; init; }

    /// <summary>Silos of the deploy/cluster recipe to run against (<see cref="ClusterLoadRun"/>); null: one backend of its own.</summary>
    public int? Silos { get; init; }
    public bool KillOne { get; init; }

    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadTestOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option {flag} needs a value");
            o = flag switch
            {
                "--events" => o with { Events = Int(flag, Value(), 1, 10_000_000) },
                "--cameras" => o with { Cameras = Int(flag, Value(), 1, 32) },
                "--inflight" => o with { InFlight = Int(flag, Value(), 1, 65_535) },
                "--rounds" => o with { Rounds = Int(flag, Value(), 1, 100) },
                "--warmup" => o with { Warmup = Int(flag, Value(), 1, 100) },
                "--broker" => o with { Broker = LoopbackEndpoint(flag, Value()) },
                "--host-dll" => o with { HostDll = Path.GetFullPath(Value()) },
                "--paced-seconds" => o with { PacedSeconds = Int(flag, Value(), 1, 3600) },
                "--alert-samples" => o with { AlertSamples = Int(flag, Value(), 1, 10_000) },
                "--round-timeout" => o with { RoundTimeout = TimeSpan.FromSeconds(Int(flag, Value(), 1, 86_400)) },
                "--keep" => o with { Keep = true },
                "--export-beside" => o with { ExportBeside = true },
                "--export-minutes" => o with { ExportMinutes = Int(flag, Value(), 1, 60) },
                "--silos" => o with { Silos = Int(flag, Value(), 1, 3) },
                "--kill-one" => o with { KillOne = true },
                "--help" or "-h" => o with { ShowHelp = true },
                _ => throw new ArgumentException($"unknown option '{flag}'\n{Usage}"),
            };
        }
        if (o.KillOne && o.Silos is not (2 or 3)) throw new ArgumentException("--kill-one needs --silos 2 or 3: a survivor must take over");
        return o;
    }

    private static int Int(string flag, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{flag} '{value}' is not a whole number from {min} to {max}");

    // The load test floods whatever it points at: it only ever talks to this machine.
    private static (string, int) LoopbackEndpoint(string flag, string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"{flag} '{value}' is not HOST:PORT");
        var host = value[..colon].Trim('[', ']');
        var loopback = host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        if (!loopback) throw new ArgumentException($"{flag} '{value}': only a loopback broker (127.0.0.1, ::1, localhost) may be load-tested");
        return (host, port);
    }
}

/// <summary>A failure of the run that the user can act on; printed as one line.</summary>
public sealed class LoadTestException(string message) : Exception(message);

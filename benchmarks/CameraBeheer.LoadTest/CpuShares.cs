using System.Diagnostics;
using System.Globalization;

namespace CameraBeheer.LoadTest;

/// <summary>
/// CPU time each process of the run used during a round, per thousand events: the load generator (the publishers, and
/// in a raw round the counting subscriber), the broker, and the backend. On two cores shared by all three, the rates
/// follow from these: a round's rate is about the cores over the CPU time it needs per event, so the backend's share is
/// what the end-to-end rate pays over raw pass-through.
/// </summary>
internal sealed class CpuShares(int? brokerProcessId, int backendProcessId)
{
    public readonly record struct Sample(TimeSpan Generator, TimeSpan Broker, TimeSpan Backend);

    /// <summary>Per thousand events, in milliseconds of CPU.</summary>
    public readonly record struct PerThousand(double Generator, double Broker, double Backend)
    {
        public double Total => Generator + Broker + Backend;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"generator {Generator:0} ms, broker {Broker:0} ms, backend {Backend:0} ms, total {Total:0} ms");
    }

    public Sample Now()
    {
        using var self = Process.GetCurrentProcess();
        return new Sample(self.TotalProcessorTime, CpuTimeOf(brokerProcessId), CpuTimeOf(backendProcessId));
    }

    private static TimeSpan CpuTimeOf(int? processId)
    {
        if (processId is not { } id) return TimeSpan.Zero;
        try
        {
            using var process = Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return TimeSpan.Zero; // gone
        }
    }

    public static PerThousand Between(Sample before, Sample after, int events) => new(
        PerK(after.Generator - before.Generator, events),
        PerK(after.Broker - before.Broker, events),
        PerK(after.Backend - before.Backend, events));

    public static PerThousand Median(IReadOnlyList<PerThousand> rounds) => new(
        LoadTestRun.Median(rounds.Select(r => r.Generator)), LoadTestRun.Median(rounds.Select(r => r.Broker)), LoadTestRun.Median(rounds.Select(r => r.Backend)));

    private static double PerK(TimeSpan cpu, int events) => cpu.TotalMilliseconds * 1000 / events;
}

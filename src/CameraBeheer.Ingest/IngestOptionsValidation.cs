using Microsoft.Extensions.Options;

namespace CameraBeheer.Ingest;

/// <summary>Checks the <c>Ingest</c> section at start (<c>ValidateOnStart</c>): the first problem, naming its key and what would do.</summary>
public sealed class IngestOptionsValidation : IValidateOptions<IngestOptions>
{
    /// <summary>The longest a round may wait: beyond a second the waiting is the latency.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    private static string? Problem(IngestOptions o)
    {
        if (o.MaxBatch < 1) return $"Ingest:MaxBatch must be at least 1, not {o.MaxBatch}";
        if (o.QueueCapacity < 1) return $"Ingest:QueueCapacity must be at least 1, not {o.QueueCapacity}";
        if (o.BusyRound < 1) return $"Ingest:BusyRound must be at least 1, not {o.BusyRound}";
        if (o.FlushInterval <= TimeSpan.Zero || o.FlushInterval > LongestWait)
            return $"Ingest:FlushInterval must be a positive duration of at most {LongestWait} (hh:mm:ss.fff), not {o.FlushInterval}";
        if (o.MaxFlushInterval < o.FlushInterval || o.MaxFlushInterval > LongestWait)
            return $"Ingest:MaxFlushInterval must be at least Ingest:FlushInterval ({o.FlushInterval}) and at most {LongestWait}, not {o.MaxFlushInterval}";
        return null;
    }
}

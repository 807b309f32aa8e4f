using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Limits;

/// <summary>Checks the <c>Limits</c> section at start (<c>ValidateOnStart</c>): the first problem, naming its key and what would do.</summary>
public sealed class ApiLimitsValidation : IValidateOptions<ApiLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    private static string? Problem(ApiLimitsOptions limits)
    {
        if (limits.MaxRequestBytes < 1024) return $"Limits:MaxRequestBytes {limits.MaxRequestBytes} is too small (at least 1024)";
        if (limits.MaxResponseBytes < 2 * 1024 * 1024) return $"Limits:MaxResponseBytes {limits.MaxResponseBytes} is too small: a download chunk is 1 MiB (at least 2097152)";
        foreach (var (name, value) in new[] { ("UnaryDeadline", limits.UnaryDeadline), ("LongUnaryDeadline", limits.LongUnaryDeadline), ("StreamDeadline", limits.StreamDeadline), ("ExpensiveCalls:Window", limits.ExpensiveCalls.Window) })
            if (value <= TimeSpan.Zero) return $"Limits:{name} must be a positive duration (hh:mm:ss), not {value}";
        if (limits.ExpensiveCalls.PermitLimit < 1) return $"Limits:ExpensiveCalls:PermitLimit must be at least 1, not {limits.ExpensiveCalls.PermitLimit}";
        return null;
    }
}

using System.Buffers;
using System.Text.Json;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Domain;
using CameraBeheer.Storage.Retention;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Ingest;

/// <summary>
/// Takes in the retention receipts edge agents publish on <c>camerabeheer/edge/{site}/{agent}/receipt</c> (from the
/// embedded broker, or from Mosquitto through <see cref="EdgeReceiptSubscriber"/>) and keeps each once as a retention
/// receipt of kind <c>edge</c> (<see cref="EdgeReceiptStore"/>). A receipt that breaks the contract is refused with a
/// reason and logged; nothing of it is stored.
/// </summary>
public sealed class EdgeReceiptIntake(EdgeReceiptStore store, ILogger<EdgeReceiptIntake> logger)
{
    public const string SubscriptionFilter = EdgeTopics.AgentReceiptFilter;
    private const int MaxPayloadBytes = 16 * 1024;
    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal) { "quarantine", "spool", "journal" };

    /// <summary>Whether <paramref name="topic"/> is an agent's receipt topic (well formed or not).</summary>
    public static bool IsReceiptTopic(string topic) => EdgeTopics.IsAgentReceipt(topic);

    /// <summary>Stores the receipt once; says what became of it. Throws only when storage fails (the caller does not acknowledge).</summary>
    public async Task<EdgeReceiptOutcome> TakeInAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellationToken)
    {
        if (Check(topic, payload, out var receipt, out var site, out var agent) is { } problem)
        {
            logger.LogWarning("Refused an edge receipt on {Topic}: {Problem}; payload {Excerpt}",
                Printable.Excerpt(topic, 200), problem, Printable.Excerpt(payload.Length > 300 ? payload.Slice(0, 300).ToArray() : payload.ToArray(), 300));
            return new EdgeReceiptOutcome(EdgeReceiptVerdict.Refused, problem);
        }

        // Stored as read back (known fields only), not as received.
        var json = JsonSerializer.SerializeToUtf8Bytes(receipt!, AgentJsonContext.Default.AgentReceiptPayload);
        if (!await store.StoreOnceAsync(site!, agent!, receipt!.Id, json, cancellationToken).ConfigureAwait(false))
            return new EdgeReceiptOutcome(EdgeReceiptVerdict.Duplicate, null);
        logger.LogInformation("Edge receipt {Id} of agent {Agent} at {Site}: the edge deleted {Deleted} written before {Cutoff:O}",
            receipt.Id, agent, site, string.Join(", ", receipt.Deleted.Select(d => $"{d.Count} {d.Kind}")), receipt.Cutoff!.Value.UtcDateTime);
        return new EdgeReceiptOutcome(EdgeReceiptVerdict.Stored, null);
    }

    private static string? Check(string topic, ReadOnlySequence<byte> payload, out AgentReceiptPayload? receipt, out string? site, out string? agent)
    {
        receipt = null;
        site = agent = null;
        if (!EdgeTopics.TryParseAgent(topic, EdgeTopics.AgentReceiptLeaf, out var topicSite, out var topicAgent))
            return "not a receipt topic (camerabeheer/edge/{site}/{agent}/receipt)";
        if (!Ids.IsValid(topicSite) || !Ids.IsValid(topicAgent)) return $"the site or agent in the topic is not a valid id: {Ids.Rule}";
        (site, agent) = (topicSite, topicAgent);
        if (payload.Length > MaxPayloadBytes) return $"the payload has {payload.Length} bytes; at most {MaxPayloadBytes}";
        try
        {
            var reader = new Utf8JsonReader(payload);
            receipt = JsonSerializer.Deserialize(ref reader, AgentJsonContext.Default.AgentReceiptPayload);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return $"not a receipt: {Printable.Excerpt(e.Message, 200)}";
        }

        if (receipt is null) return "the payload is null";
        if (!IsReceiptId(receipt.Id)) return "id is missing or not 1 to 64 letters, digits, '-', '_' or '.'";
        if (receipt.Agent != agent) return $"agent '{Printable.Excerpt(receipt.Agent ?? "", 64)}' is not the agent of the topic ('{agent}')";
        if (receipt.Ts is null || receipt.Cutoff is null) return "ts and cutoff are required";
        if (receipt.Cutoff > receipt.Ts) return "cutoff lies after ts";
        if (receipt.Deleted is null) return "deleted is required";
        foreach (var item in receipt.Deleted)
        {
            if (item is null || !Kinds.Contains(item.Kind ?? "")) return $"deleted holds an unknown kind; expected {string.Join(", ", Kinds)}";
            if (item.Count < 0 || item.Bytes < 0) return $"deleted {item.Kind} has a negative count or size";
        }
        return null;
    }

    private static bool IsReceiptId(string? id) =>
        id is { Length: > 0 and <= 64 } && !id.Contains("..", StringComparison.Ordinal)
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

/// <summary>What became of one edge receipt.</summary>
public enum EdgeReceiptVerdict
{
    Stored,
    Duplicate,
    Refused,
}

/// <summary>What became of one edge receipt, and why it was refused.</summary>
public sealed record EdgeReceiptOutcome(EdgeReceiptVerdict Verdict, string? Problem);

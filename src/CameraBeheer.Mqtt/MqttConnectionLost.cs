using MQTTnet;

namespace CameraBeheer.Mqtt;

/// <summary>Why a connection that was up ended.</summary>
/// <param name="Why">In words for a log line: the exception's message, the broker's reason, or the reason code.</param>
public sealed record MqttConnectionLost(MqttClientDisconnectReason Reason, string Why)
{
    /// <summary>The broker closed it because another connection with the same client id took the session (MQTT 5 reason 0x8E).</summary>
    public bool TakenOver => Reason == MqttClientDisconnectReason.SessionTakenOver;
}

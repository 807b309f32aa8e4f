namespace CameraBeheer.Edge.Video;

/// <summary>A recorded segment whose file ffmpeg has finished and closed: ready to upload.</summary>
/// <param name="Camera">The camera id.</param>
/// <param name="Start">UTC time of its first frame.</param>
/// <param name="End">UTC time just after its last frame: the next segment of the same run starts here.</param>
/// <param name="Path">The file in the local spool, named by <see cref="SegmentSpool.FinishedFileName"/>.</param>
public sealed record FinishedSegment(string Camera, DateTimeOffset Start, DateTimeOffset End, string Path)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>Whether a camera's video is coming through (contract v1 status: <c>online</c> / <c>offline</c>).</summary>
public enum CameraState
{
    Online,
    Offline,
}

/// <summary>A camera went online (segments flow) or offline (ffmpeg died or cannot open the source).</summary>
/// <param name="Reason">For offline: why, in words (ffmpeg's own last message where it gave one).</param>
public sealed record CameraStatusChanged(string Camera, CameraState State, DateTimeOffset Ts, string? Reason);

/// <summary>The words of contract v1 for the edge's enums.</summary>
public static class VideoContractNames
{
    /// <summary><c>online</c> or <c>offline</c>.</summary>
    public static string ToContract(this CameraState state) => state == CameraState.Online ? "online" : "offline";

    /// <summary><c>start</c>, <c>update</c> or <c>end</c>.</summary>
    public static string ToContract(this MotionPhase phase) => phase switch
    {
        MotionPhase.Start => "start",
        MotionPhase.Update => "update",
        _ => "end",
    };
}

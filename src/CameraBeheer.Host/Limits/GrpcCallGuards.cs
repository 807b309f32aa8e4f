using System.Buffers;
using System.Buffers.Binary;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Limits;

/// <summary>
/// Runs before every gRPC method (after authentication and authorisation, so an unknown caller learns nothing of the
/// limits): caps the call's deadline (<see cref="DeadlineCaps"/>) and refuses a request message over
/// <see cref="ApiLimitsOptions.MaxRequestBytes"/> with RESOURCE_EXHAUSTED naming the limit.
/// </summary>
/// <remarks>
/// Grpc.AspNetCore enforces its own receive limit too (set to the same value), but its message does not say what the
/// limit is, and it reads the message before any interceptor runs. Here only the 5-byte frame header is peeked at
/// (flag, big-endian length) and left in the pipe for the gRPC handler, so a message is never read twice.
/// </remarks>
public sealed class GrpcCallGuards(RequestDelegate next, IOptions<ApiLimitsOptions> options)
{
    private const int FrameHeaderBytes = 5;

    private readonly ApiLimitsOptions _limits = options.Value;
    private readonly DeadlineCaps _caps = new(options.Value.UnaryDeadline, options.Value.LongUnaryDeadline, options.Value.StreamDeadline);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc)
        {
            await next(context);
            return;
        }
        var method = grpc.Method.FullName;
        if (_caps.HeaderFor(method, grpc.Method.Type, context.Request.Headers[GrpcTimeout.Header]) is { } capped)
            context.Request.Headers[GrpcTimeout.Header] = capped;

        if (await MessageLengthAsync(context) is { } length && length > _limits.MaxRequestBytes)
        {
            Refuse(context, StatusCode.ResourceExhausted,
                $"the request message is {length} bytes; this server takes at most {_limits.MaxRequestBytes} bytes per message (Limits:MaxRequestBytes)");
            return;
        }
        await next(context);
    }

    /// <summary>The length the first message's frame header announces, or null when the body ends before one.</summary>
    private static async Task<long?> MessageLengthAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var result = await reader.ReadAtLeastAsync(FrameHeaderBytes, context.RequestAborted);
        var buffer = result.Buffer;
        long? length = null;
        if (buffer.Length >= FrameHeaderBytes)
        {
            Span<byte> header = stackalloc byte[FrameHeaderBytes];
            buffer.Slice(0, FrameHeaderBytes).CopyTo(header);
            length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        }
        // Nothing consumed or examined: the gRPC handler reads the same bytes from the start.
        reader.AdvanceTo(buffer.Start);
        return length;
    }

    /// <summary>A trailers-only gRPC answer: status and message in the response headers, no body.</summary>
    public static void Refuse(HttpContext context, StatusCode code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}

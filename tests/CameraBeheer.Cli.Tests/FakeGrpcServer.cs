using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;

namespace CameraBeheer.Cli.Tests;

/// <summary>
/// Answers gRPC calls in-process at the HTTP level (length-prefixed messages, grpc-status trailer),
/// so commands can be tested against canned replies without a server.
/// </summary>
public sealed class FakeGrpcServer : HttpMessageHandler
{
    private readonly Dictionary<string, Func<byte[], Reply>> _methods = [];

    /// <summary>Every call received, in order: path and the Authorization header, if any.</summary>
    public List<(string Path, string? Authorization)> Calls { get; } = [];

    /// <summary>Replies to <paramref name="path"/> (e.g. "/camerabeheer.v1.Site/Status") with the given messages and status.</summary>
    public FakeGrpcServer On(string path, params IMessage[] replies) => On(path, _ => new Reply(StatusCode.OK, "", replies));

    /// <summary>Answers <paramref name="path"/> from the request it was sent, which the test may keep to check what the CLI sent.</summary>
    public FakeGrpcServer On<TRequest>(string path, MessageParser<TRequest> parser, Func<TRequest, IMessage> reply) where TRequest : IMessage<TRequest> =>
        On(path, body => new Reply(StatusCode.OK, "", [reply(parser.ParseFrom(body))]));

    public FakeGrpcServer Fail(string path, StatusCode code, string detail) => On(path, _ => new Reply(code, detail, []));

    /// <summary>Replies computed from the raw request message.</summary>
    public FakeGrpcServer On(string path, Func<byte[], Reply> reply)
    {
        _methods[path] = reply;
        return this;
    }

    public sealed record Reply(StatusCode Code, string Detail, IReadOnlyList<IMessage> Messages);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        Calls.Add((path, request.Headers.Authorization?.ToString()));
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var reply = _methods.TryGetValue(path, out var method) ? method(Unframe(body)) : new Reply(StatusCode.Unimplemented, $"no fake for {path}", []);

        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Version = HttpVersion.Version20,
            Content = new ByteArrayContent(Frame(reply.Messages)),
            RequestMessage = request,
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        response.TrailingHeaders.Add("grpc-status", ((int)reply.Code).ToString(CultureInfo.InvariantCulture));
        if (reply.Detail.Length > 0) response.TrailingHeaders.Add("grpc-message", Uri.EscapeDataString(reply.Detail));
        return response;
    }

    private static byte[] Frame(IReadOnlyList<IMessage> messages)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[5];
        foreach (var message in messages)
        {
            var bytes = message.ToByteArray();
            header[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)bytes.Length);
            stream.Write(header);
            stream.Write(bytes);
        }
        return stream.ToArray();
    }

    private static byte[] Unframe(byte[] body) => body.Length >= 5 ? body[5..] : [];
}

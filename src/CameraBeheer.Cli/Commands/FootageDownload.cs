using System.Security.Cryptography;
using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// <c>footage download ID --out DIR</c>: fetches the evidence package into DIR. Each file arrives as <c>NAME.part</c> and
/// takes its name only once its SHA-256 matches what the export recorded; run again after an interruption and it resumes
/// at the first incomplete file, from the bytes already there.
/// </summary>
internal static class FootageDownload
{
    public static Command Create()
    {
        var id = FootageCommands.IdArgument();
        var output = new Option<string>("--out") { Description = "The folder to put the package in (created if missing)", HelpName = "DIR", Required = true };
        var reason = CommonOptions.Reason("Why you download it (recorded in the audit log); default: evidence for the case", required: false);
        var command = new Command("download", "Download a ready evidence package (the requesting officer, or a manager for the handover); resumes an interrupted download")
        {
            id, output, reason,
        };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var requestId = FootageCommands.RequestId(run.Parse.GetValue(id));
            var folder = Path.GetFullPath(run.Parse.GetValue(output) ?? ".");
            using var client = run.Connect();
            var request = await client.FootageRequests.GetAsync(new FootageRequestRef { Id = requestId }, Invocation.WithCallTimeout(cancellationToken)).ConfigureAwait(false);
            if (request.Files.Count == 0)
                throw new UsageException($"{requestId} has no evidence package to download (it is {Display.Clean(request.State)})");
            Directory.CreateDirectory(folder);
            var why = run.Parse.GetValue(reason) ?? $"evidence for case {request.CaseNumber}";

            var first = await FirstIncompleteAsync(folder, request.Files, cancellationToken).ConfigureAwait(false);
            if (first is { } start)
            {
                var offset = PartLength(folder, request.Files[start]);
                if (offset > 0) run.Context.Error.WriteLine($"resuming {Display.Clean(request.Files[start].Name)} at byte {offset}");
                var call = client.FootageRequests.Download(new DownloadFootageRequest { Id = requestId, File = request.Files[start].Name, Offset = offset, Reason = why },
                    cancellationToken: cancellationToken);
                using (call)
                {
                    await ReceiveAsync(folder, call.ResponseStream, request.Files, cancellationToken).ConfigureAwait(false);
                }
            }
            var missing = request.Files.Where(f => !File.Exists(Path.Combine(folder, f.Name))).Select(f => f.Name).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException($"the download ended before {string.Join(", ", missing)} arrived; run the same command again to resume");
            run.Context.Out.WriteLine($"downloaded {request.Files.Count} files ({FootageLines.Bytes(request.Files.Sum(f => f.Bytes))}) to {folder}");
            run.Context.Out.WriteLine($"verify: camerabeheer footage verify {folder}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The first file not yet complete and intact in the folder, or null when all are.</summary>
    private static async Task<int?> FirstIncompleteAsync(string folder, IReadOnlyList<EvidenceFileInfo> files, CancellationToken ct)
    {
        for (var i = 0; i < files.Count; i++)
        {
            var path = Path.Combine(folder, SafeName(files[i].Name));
            if (!File.Exists(path) || new FileInfo(path).Length != files[i].Bytes || await Sha256Async(path, ct).ConfigureAwait(false) != files[i].Sha256)
                return i;
        }
        return null;
    }

    private static long PartLength(string folder, EvidenceFileInfo file)
    {
        var part = Path.Combine(folder, SafeName(file.Name) + ".part");
        if (!File.Exists(part)) return 0;
        var length = new FileInfo(part).Length;
        return length <= file.Bytes ? length : 0;
    }

    private static async Task ReceiveAsync(string folder, IAsyncStreamReader<EvidenceChunk> chunks, IReadOnlyList<EvidenceFileInfo> files, CancellationToken ct)
    {
        FileStream? current = null;
        string? currentName = null;
        try
        {
            await foreach (var chunk in chunks.ReadAllAsync(ct).ConfigureAwait(false))
            {
                var expected = files.FirstOrDefault(f => f.Name == chunk.File)
                    ?? throw new InvalidOperationException($"the server sent '{Display.Clean(chunk.File)}', which is not in the package");
                var path = Path.Combine(folder, SafeName(expected.Name));
                if (currentName != expected.Name)
                {
                    if (current is not null) await current.DisposeAsync().ConfigureAwait(false);
                    current = new FileStream(path + ".part", FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
                    currentName = expected.Name;
                }
                // Bytes past the server's offset came from an earlier, broken attempt: the server's word wins.
                current!.SetLength(chunk.Offset);
                current.Position = chunk.Offset;
                await current.WriteAsync(chunk.Data.Memory, ct).ConfigureAwait(false);
                if (current.Length < expected.Bytes) continue;
                await current.FlushAsync(ct).ConfigureAwait(false);
                await current.DisposeAsync().ConfigureAwait(false);
                current = null;
                currentName = null;
                var sha = await Sha256Async(path + ".part", ct).ConfigureAwait(false);
                if (sha != expected.Sha256)
                {
                    File.Delete(path + ".part");
                    throw new InvalidOperationException($"{expected.Name} arrived with SHA-256 {sha}, not {expected.Sha256} as exported; it was discarded: download again");
                }
                File.Move(path + ".part", path, overwrite: true);
            }
        }
        finally
        {
            if (current is not null) await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A name from the server used as a file name: never a path that leaves the folder.</summary>
    private static string SafeName(string name) =>
        name.Length > 0 && name.Length <= 255 && name == Path.GetFileName(name) && name is not ("." or "..") && !name.Contains('\\', StringComparison.Ordinal)
            ? name
            : throw new InvalidOperationException($"the server named a file '{Display.Clean(name)}', which is not a plain file name");

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }
}

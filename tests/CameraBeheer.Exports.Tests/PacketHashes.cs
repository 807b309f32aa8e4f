using System.Diagnostics;

namespace CameraBeheer.Exports.Tests;

/// <summary>One compressed video packet: whether it is a key frame, and the MD5 of its bytes.</summary>
internal sealed record Packet(bool IsKey, string Md5);

/// <summary>The MD5 of every compressed video packet (ffprobe's data hash): the same hashes mean the very same bytes,
/// so an export whose packets are all source packets was not re-encoded.</summary>
internal static class PacketHashes
{
    public static async Task<IReadOnlyList<Packet>> OfAsync(string path)
    {
        var info = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags,data_hash", "-show_data_hash", "MD5", "-of", "csv=p=0", path })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var text = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"ffprobe of {path} failed: {await stderr}");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var fields = line.Trim().Split(',');
            return new Packet(fields.Any(f => f.StartsWith('K')), fields.Single(f => f.StartsWith("MD5:", StringComparison.Ordinal)));
        })];
    }
}

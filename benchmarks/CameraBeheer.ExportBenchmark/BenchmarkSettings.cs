using System.Globalization;

namespace CameraBeheer.ExportBenchmark;

/// <summary>The benchmark's options: how much footage, how many rounds, the picture size, where to work.</summary>
/// <param name="Compare">Also export, in every round, without <c>+faststart</c> and with the segments fetched into the
/// work folder instead of read in place, so the choices are compared in one run.</param>
internal sealed record BenchmarkSettings(int Minutes, int Rounds, int Width, int Height, string Folder, bool Keep, bool Compare = false)
{
    public static BenchmarkSettings? Parse(string[] args)
    {
        var settings = new BenchmarkSettings(10, 5, 1280, 720, Path.GetTempPath(), false);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                settings = args[i] switch
                {
                    "--minutes" => settings with { Minutes = Positive(Next(), "--minutes") },
                    "--rounds" => settings with { Rounds = Positive(Next(), "--rounds") },
                    "--size" => WithSize(settings, Next()),
                    "--folder" => settings with { Folder = Next() },
                    "--keep" => settings with { Keep = true },
                    "--compare" => settings with { Compare = true },
                    _ => throw new ArgumentException($"unknown option {args[i]} (options: --minutes M, --rounds R, --size WxH, --folder DIR, --keep, --compare)"),
                };
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return null;
            }
        }
        return settings;
    }

    private static int Positive(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{option} '{text}' is not a positive whole number");

    private static BenchmarkSettings WithSize(BenchmarkSettings settings, string text)
    {
        var parts = text.Split('x');
        return parts.Length == 2 ? settings with { Width = Positive(parts[0], "--size"), Height = Positive(parts[1], "--size") } : throw new ArgumentException($"--size '{text}' is not WxH");
    }
}

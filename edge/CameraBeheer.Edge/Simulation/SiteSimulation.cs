using System.Drawing;
using CameraBeheer.Domain.Sites;
using CameraBeheer.Edge.Video;

namespace CameraBeheer.Edge.Simulation;

/// <summary>
/// The whole site from the configuration, simulated: every facility and dome camera plays one short sample clip in a
/// loop (encoded once at start, then only stream-copied, so 38 cameras fit on 2 cores), a white box crosses the left
/// half of the image — the camera's first region — from second 20 to 30 of every minute, domes tour their presets a
/// minute each, and a simulated gate controller reports the gate opening and closing.
/// </summary>
public static class SiteSimulation
{
    public static readonly TimeSpan ClipLength = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MotionFrom = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan MotionTo = TimeSpan.FromSeconds(30);

    /// <summary>The left half of the image: the first configured region of each camera; the right half is its second.</summary>
    private static readonly (double X, double Y)[] LeftHalf = [(0, 0), (0.5, 0), (0.5, 1), (0, 1)];
    private static readonly (double X, double Y)[] RightHalf = [(0.5, 0), (1, 0), (1, 1), (0.5, 1)];

    /// <summary>
    /// A box crossing the left half once a second between <see cref="MotionFrom"/> and <see cref="MotionTo"/>: fast enough
    /// for frame differencing at 4 frames a second (a slow box changes too few pixels from one frame to the next).
    /// </summary>
    private static List<MovingBox> Passes()
    {
        var left = Region.Rectangle("left", 0.02, 0.1, 0.46, 0.8);
        var passes = new List<MovingBox>();
        for (var t = MotionFrom; t < MotionTo; t += TimeSpan.FromSeconds(1))
            passes.Add(MovingBox.Through(left, t, t + TimeSpan.FromSeconds(1), size: 0.3f));
        return passes;
    }

    /// <summary>Makes the sample clip (once) and returns the configuration of the simulated cameras and gate.</summary>
    public static async Task<Dictionary<string, string?>> PrepareAsync(SiteConfiguration site, string folder, int gatePort, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var clip = Path.Combine(folder, "sample.mp4");
        if (!File.Exists(clip))
        {
            var partial = clip + ".part.mp4";
            await SampleClips.CreateAsync(new SampleClip(ClipLength) { Boxes = Passes() }, partial, cancellationToken);
            File.Move(partial, clip, overwrite: true);
        }
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Edge:Site"] = site.Site.Id };
        for (var i = 0; i < site.Cameras.Count; i++)
            AddCamera(settings, $"Edge:Cameras:{i}", site.Cameras[i], clip);
        if (site.Gates.Count > 0)
        {
            settings["Edge:Gates:0:Id"] = site.Gates[0].Id;
            settings["Edge:Gates:0:Host"] = "127.0.0.1";
            settings["Edge:Gates:0:Port"] = gatePort.ToString(CultureInfo.InvariantCulture);
        }
        return settings;
    }

    private static void AddCamera(Dictionary<string, string?> settings, string key, CameraConfig camera, string clip)
    {
        settings[$"{key}:Id"] = camera.Id;
        settings[$"{key}:Source"] = clip;
        var halves = new[] { LeftHalf, RightHalf };
        for (var r = 0; r < Math.Min(2, camera.Regions.Count); r++)
        {
            settings[$"{key}:Regions:{r}:Name"] = camera.Regions[r];
            for (var p = 0; p < halves[r].Length; p++)
            {
                settings[$"{key}:Regions:{r}:Points:{p}:0"] = halves[r][p].X.ToString(CultureInfo.InvariantCulture);
                settings[$"{key}:Regions:{r}:Points:{p}:1"] = halves[r][p].Y.ToString(CultureInfo.InvariantCulture);
            }
        }
        for (var p = 0; p < camera.Presets.Count; p++)
        {
            settings[$"{key}:Presets:{p}:Number"] = camera.Presets[p].Number.ToString(CultureInfo.InvariantCulture);
            settings[$"{key}:Presets:{p}:Name"] = camera.Presets[p].Name;
            settings[$"{key}:Presets:{p}:DwellSeconds"] = "60";
        }
    }

    /// <summary>A point of the first region, for a caller that wants to check the script.</summary>
    public static PointF FirstRegionCentre => new(0.25f, 0.5f);
}

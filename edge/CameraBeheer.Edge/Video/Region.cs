using System.Drawing;
using System.Text;
using CameraBeheer.Domain;

namespace CameraBeheer.Edge.Video;

/// <summary>A configuration error in a region: names the region and says what is wrong with it.</summary>
public sealed class RegionFormatException(string region, string problem) : FormatException($"region '{region}': {problem}")
{
    /// <summary>The region's name as configured.</summary>
    public string Region { get; } = region;

    /// <summary>What is wrong, without the region's name.</summary>
    public string Problem { get; } = problem;
}

/// <summary>
/// A named area of a camera image where motion is watched: a polygon in image coordinates from 0 to 1
/// (x from the left edge, y from the top edge); a rectangle is a polygon of four points.
/// </summary>
/// <remarks>
/// Configuration writes a region as text, see <see cref="Parse"/>: <c>rect:x,y,width,height</c> or
/// <c>polygon:x1,y1 x2,y2 x3,y3 …</c>. A pixel belongs to a region when its centre lies inside the polygon (even-odd rule).
/// </remarks>
public sealed class Region
{
    private const string ShapeHelp = "write 'rect:x,y,width,height' or 'polygon:x1,y1 x2,y2 x3,y3 …' with coordinates from 0 to 1";

    private readonly PointF[] _points;

    /// <summary>A polygon region; throws <see cref="RegionFormatException"/> naming the region and the problem when it is not valid.</summary>
    public Region(string name, IReadOnlyList<PointF> points)
    {
        if (Check(name, points) is { } problem) throw new RegionFormatException(name ?? "", problem);
        Name = name!;
        _points = [.. points];
    }

    /// <summary>The region's id, as the site configuration names it (<c>gate</c>, <c>bike-path</c>).</summary>
    public string Name { get; }

    /// <summary>The polygon's corners in order, in 0..1 image coordinates.</summary>
    public IReadOnlyList<PointF> Points => _points;

    /// <summary>A rectangle from its top-left corner and size, all in 0..1 image coordinates.</summary>
    public static Region Rectangle(string name, double x, double y, double width, double height)
    {
        if (CheckRectangle(x, y, width, height) is { } problem) throw new RegionFormatException(name ?? "", problem);
        // Clamped: x + width may round a hair past 1 in floating point.
        var right = (float)Math.Min(1, x + width);
        var bottom = (float)Math.Min(1, y + height);
        return new Region(name!,
        [
            new PointF((float)x, (float)y),
            new PointF(right, (float)y),
            new PointF(right, bottom),
            new PointF((float)x, bottom),
        ]);
    }

    /// <summary>A polygon from its corners in order.</summary>
    public static Region Polygon(string name, IEnumerable<(double X, double Y)> points) =>
        new(name, [.. points.Select(p => new PointF((float)p.X, (float)p.Y))]);

    /// <summary>
    /// Reads a region from its configuration text: <c>rect:x,y,width,height</c> (e.g. <c>rect:0,0.5,0.5,0.5</c>) or
    /// <c>polygon:x1,y1 x2,y2 x3,y3 …</c> (points separated by spaces or ';', at least three).
    /// Throws <see cref="RegionFormatException"/> with a message naming the region and the problem.
    /// </summary>
    public static Region Parse(string name, string? shape)
    {
        if (TryParse(name, shape, out var region, out var error)) return region;
        throw new RegionFormatException(name ?? "", error);
    }

    /// <summary>Like <see cref="Parse"/>, returning the problem (without the region's name) instead of throwing.</summary>
    public static bool TryParse(string name, string? shape, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Region? region, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        region = null;
        error = CheckName(name);
        if (error is not null) return false;
        if (string.IsNullOrWhiteSpace(shape))
        {
            error = $"no shape given; {ShapeHelp}";
            return false;
        }

        var text = shape.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text : text[..colon].Trim();
        var body = colon < 0 ? "" : text[(colon + 1)..];
        switch (kind.ToLowerInvariant())
        {
            case "rect":
            case "rectangle":
            {
                var numbers = body.Split(',', StringSplitOptions.TrimEntries);
                if (numbers.Length != 4 || numbers.Any(n => n.Length == 0))
                {
                    error = $"a rectangle needs four numbers x,y,width,height, got '{body.Trim()}'";
                    return false;
                }
                var values = new double[4];
                for (var i = 0; i < 4; i++)
                {
                    if (!TryNumber(numbers[i], out values[i], out error)) return false;
                }
                error = CheckRectangle(values[0], values[1], values[2], values[3]);
                if (error is not null) return false;
                region = Rectangle(name, values[0], values[1], values[2], values[3]);
                return true;
            }
            case "polygon":
            case "poly":
            {
                var points = new List<PointF>();
                foreach (var pair in body.Split([' ', ';', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var xy = pair.Split(',', StringSplitOptions.TrimEntries);
                    if (xy.Length != 2)
                    {
                        error = $"polygon point {points.Count + 1} '{pair}' is not 'x,y'";
                        return false;
                    }
                    if (!TryNumber(xy[0], out var x, out error) || !TryNumber(xy[1], out var y, out error)) return false;
                    points.Add(new PointF((float)x, (float)y));
                }
                error = Check(name, points);
                if (error is not null) return false;
                region = new Region(name, points);
                return true;
            }
            default:
                error = $"unknown shape '{kind}'; {ShapeHelp}";
                return false;
        }
    }

    /// <summary>The first problem with a region's name and points, in words (without the name), or null when it is valid.</summary>
    public static string? Check(string? name, IReadOnlyList<PointF>? points)
    {
        if (CheckName(name) is { } nameProblem) return nameProblem;
        if (points is null || points.Count == 0) return $"it has no points; {ShapeHelp}";
        if (points.Count < 3) return $"a polygon needs at least 3 points, it has {points.Count}";
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y)) return $"point {i + 1} is not a number";
            if (p.X is < 0 or > 1 || p.Y is < 0 or > 1)
                return $"point {i + 1} ({Format(p.X)}, {Format(p.Y)}) is outside the image; coordinates run from 0 to 1 (x from the left edge, y from the top)";
        }
        if (Math.Abs(Area(points)) < 1e-10) return "its points lie on one line (or repeat), so the polygon has no area";
        return null;
    }

    /// <summary>True when the point (in 0..1 image coordinates) lies inside the region (even-odd rule; left and top edges inside).</summary>
    public bool Contains(double x, double y)
    {
        var inside = false;
        for (int i = 0, j = _points.Length - 1; i < _points.Length; j = i++)
        {
            double yi = _points[i].Y, yj = _points[j].Y;
            if (yi <= y != yj <= y)
            {
                var crossing = _points[i].X + (y - yi) / (yj - yi) * (_points[j].X - _points[i].X);
                if (x < crossing) inside = !inside;
            }
        }
        return inside;
    }

    /// <summary>Where the polygon's boundary crosses the horizontal line at <paramref name="y"/>, sorted; pairs enclose the inside.</summary>
    internal void Crossings(double y, List<double> crossings)
    {
        crossings.Clear();
        for (int i = 0, j = _points.Length - 1; i < _points.Length; j = i++)
        {
            double yi = _points[i].Y, yj = _points[j].Y;
            if (yi <= y != yj <= y) crossings.Add(_points[i].X + (y - yi) / (yj - yi) * (_points[j].X - _points[i].X));
        }
        crossings.Sort();
    }

    /// <summary>The region in configuration text (<c>polygon:…</c>), readable by <see cref="Parse"/>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("polygon:");
        for (var i = 0; i < _points.Length; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(Format(_points[i].X)).Append(',').Append(Format(_points[i].Y));
        }
        return text.ToString();
    }

    private static string? CheckName(string? name) =>
        Ids.IsValid(name) ? null : $"the name is not a valid region id ({Ids.Rule})";

    private static string? CheckRectangle(double x, double y, double width, double height)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(width) || !double.IsFinite(height)) return "a rectangle's x, y, width and height must be numbers";
        if (width <= 0 || height <= 0) return $"a rectangle needs a positive width and height, got width {Format(width)} and height {Format(height)}";
        if (x is < 0 or > 1 || y is < 0 or > 1) return $"the rectangle's corner ({Format(x)}, {Format(y)}) is outside the image; coordinates run from 0 to 1";
        if (x + width > 1 + 1e-9) return $"the rectangle runs past the right edge of the image (x + width = {Format(x + width)}, at most 1)";
        if (y + height > 1 + 1e-9) return $"the rectangle runs past the bottom edge of the image (y + height = {Format(y + height)}, at most 1)";
        return null;
    }

    private static bool TryNumber(string text, out double value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not a number (use a decimal point: 0.25)";
        return false;
    }

    private static double Area(IReadOnlyList<PointF> points)
    {
        var twice = 0.0;
        for (int i = 0, j = points.Count - 1; i < points.Count; j = i++) twice += (double)points[j].X * points[i].Y - (double)points[i].X * points[j].Y;
        return twice / 2;
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}

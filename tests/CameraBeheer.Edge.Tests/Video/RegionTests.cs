using System.Drawing;

namespace CameraBeheer.Edge.Tests.Video;

public sealed class RegionTests
{
    [Fact]
    public void Rectangle_text_becomes_a_four_point_polygon()
    {
        var region = Region.Parse("gate", "rect:0.1,0.2,0.3,0.4");

        Assert.Equal("gate", region.Name);
        Assert.Equal(4, region.Points.Count);
        Assert.True(region.Contains(0.2, 0.3));
        Assert.False(region.Contains(0.45, 0.3));
        Assert.False(region.Contains(0.2, 0.65));
    }

    [Fact]
    public void Polygon_text_reads_back_from_its_own_text()
    {
        var region = Region.Parse("bike-path", "polygon:0,0 1,0 0,1");
        var again = Region.Parse("bike-path", region.ToString());

        Assert.Equal(region.Points, again.Points);
        Assert.Equal("polygon:0,0 1,0 0,1", region.ToString());
        Assert.Equal(3, Region.Parse("bike-path", "polygon: 0,0; 1,0; 0,1").Points.Count);
    }

    [Fact]
    public void Point_outside_the_image_is_refused_naming_the_region_and_the_point()
    {
        var error = Assert.Throws<RegionFormatException>(() => Region.Parse("forecourt", "polygon:0.1,0.1 1.2,0.5 0.1,0.9"));

        Assert.Equal("forecourt", error.Region);
        Assert.Equal("region 'forecourt': point 2 (1.2, 0.5) is outside the image; coordinates run from 0 to 1 (x from the left edge, y from the top)", error.Message);
    }

    [Fact]
    public void Negative_coordinate_is_refused_in_the_constructor_too()
    {
        var error = Assert.Throws<RegionFormatException>(() => new Region("gate", [new PointF(0, 0), new PointF(-0.1f, 0.5f), new PointF(0.5f, 0.5f)]));

        Assert.Contains("region 'gate': point 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside the image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Polygon_of_fewer_than_three_points_is_refused()
    {
        var error = Assert.Throws<RegionFormatException>(() => Region.Parse("gate", "polygon:0.1,0.1 0.5,0.5"));

        Assert.Equal("region 'gate': a polygon needs at least 3 points, it has 2", error.Message);
    }

    [Fact]
    public void Unknown_shape_is_refused_saying_which_shapes_exist()
    {
        var error = Assert.Throws<RegionFormatException>(() => Region.Parse("gate", "circle:0.5,0.5,0.2"));

        Assert.StartsWith("region 'gate': unknown shape 'circle'; write 'rect:x,y,width,height' or 'polygon:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rect:0.6,0,0.5,1", "region 'gate': the rectangle runs past the right edge of the image (x + width = 1.1, at most 1)")]
    [InlineData("rect:0,0,0,1", "region 'gate': a rectangle needs a positive width and height, got width 0 and height 1")]
    [InlineData("rect:0,0,1", "region 'gate': a rectangle needs four numbers x,y,width,height, got '0,0,1'")]
    [InlineData("rect:0,0,0,5;1", "region 'gate': '5;1' is not a number (use a decimal point: 0.25)")]
    [InlineData("polygon:0,0 0.5,0.5 1,1", "region 'gate': its points lie on one line (or repeat), so the polygon has no area")]
    [InlineData("polygon:0,0 0.5 1,1", "region 'gate': polygon point 2 '0.5' is not 'x,y'")]
    [InlineData("", "region 'gate': no shape given; write 'rect:x,y,width,height' or 'polygon:x1,y1 x2,y2 x3,y3 …' with coordinates from 0 to 1")]
    public void Bad_region_text_gets_a_message_a_person_can_act_on(string shape, string message)
    {
        var error = Assert.Throws<RegionFormatException>(() => Region.Parse("gate", shape));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Region_name_must_be_an_id()
    {
        Assert.False(Region.TryParse("Front Door", "rect:0,0,1,1", out _, out var error));

        Assert.Equal("the name is not a valid region id (lower-case letters, digits and '-', 1 to 64 characters, not starting with '-')", error);
    }

    [Fact]
    public void Region_smaller_than_a_pixel_of_the_analysis_frame_is_refused()
    {
        var tiny = Region.Rectangle("keyhole", 0.5, 0.5, 0.001, 0.001);

        var error = Assert.Throws<RegionFormatException>(() => new RegionMotionTracker("cam-01", [tiny], new MotionDetectorOptions()));

        Assert.Equal("region 'keyhole': it covers no pixel of the 160×120 analysis frame; make it larger", error.Message);
    }

    [Fact]
    public void The_same_region_twice_on_one_camera_is_refused()
    {
        var error = Assert.Throws<RegionFormatException>(() => new RegionMotionTracker("cam-01", [TestVideo.RegionA, TestVideo.RegionA], new MotionDetectorOptions()));

        Assert.Equal("region 'region-a': the region is configured more than once for this camera", error.Message);
    }
}

namespace CameraBeheer.Cli.Input;

/// <summary>A camera as the user names it: <c>SITE/CAMERA</c>, e.g. <c>domus-almere-poort/cam-01</c>.</summary>
internal readonly record struct CameraAddress(string Site, string Camera)
{
    public const string Form = "SITE/CAMERA, e.g. domus-almere-poort/cam-01";

    public static CameraAddress Parse(string? text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2)
            throw new UsageException($"camera: '{Output.Display.Clean(text ?? "")}' is not of the form {Form}");
        if (!Ids.IsValid(parts[0]) || !Ids.IsValid(parts[1]))
            throw new UsageException($"camera: '{Output.Display.Clean(text!)}' is not of the form {Form}; both ids use {Ids.Pattern}");
        return new CameraAddress(parts[0], parts[1]);
    }

    public override string ToString() => $"{Site}/{Camera}";
}

namespace CameraBeheer.Edge.Uploading;

/// <summary>The steps of an upload, after which a test may simulate a crash.</summary>
internal enum UploadStep
{
    Uploaded,
    Announced,
    Deleted,
}

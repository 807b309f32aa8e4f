namespace CameraBeheer.Exports;

/// <summary>An export could not produce its package. The message is meant for the people handling the request
/// (what failed, for which camera, and what to do), never a stack trace.</summary>
public sealed class ExportFailedException : Exception
{
    public ExportFailedException()
    {
    }

    public ExportFailedException(string message)
        : base(message)
    {
    }

    public ExportFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace CameraBeheer.Storage;

/// <summary>The precondition check of the stores that see the current ETag themselves (local disk, in memory), so that
/// their conflicts read the same; public for the test kit's in-memory store.</summary>
public static class BlobConflicts
{
    /// <summary>Throws a <see cref="BlobConflictException"/> when <paramref name="condition"/> does not hold for a blob
    /// whose ETag is <paramref name="actual"/> (null: it does not exist).</summary>
    public static void ThrowUnlessHolds(string name, BlobCondition condition, string? actual)
    {
        if (condition.IfNotExists && actual is not null)
        {
            throw new BlobConflictException(name, $"blob '{name}' already exists (ETag {actual}); the write required that it did not")
            {
                ActualETag = actual,
            };
        }

        if (condition.IfMatch is { } expected && actual != expected)
        {
            var found = actual is null ? "does not exist" : $"has ETag {actual}";
            throw new BlobConflictException(name, $"blob '{name}' {found}, not the expected ETag {expected}: it changed since it was read")
            {
                ExpectedETag = expected,
                ActualETag = actual,
            };
        }
    }
}

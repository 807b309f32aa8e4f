using System.Security.Cryptography;

namespace CameraBeheer.Domain.Accounts;

/// <summary>Generated passwords: 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I), about 115 bits.</summary>
public static class InitialPasswords
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int Length = 20;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}

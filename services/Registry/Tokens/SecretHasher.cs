using System.Security.Cryptography;

namespace Alliance.Registry.Tokens;

/// <summary>
/// Client secrets at rest: PBKDF2-HMAC-SHA256, 10,000 iterations, a 16-byte random salt per secret, stored as
/// "pbkdf2-sha256$iterations$salt$hash". The secrets are 256 random bits (ClientCredentials.NewSecret), so no
/// guessing attack on a stolen table can succeed however fast the hash; the iterations only add a constant
/// factor, kept low so that the token endpoint stays cheap. Comparison is in constant time, and a client id
/// that does not exist (or is revoked) costs the same derivation as a real one, against a decoy hash, so the
/// time of an answer tells nothing about which ids exist.
/// </summary>
public class SecretHasher
{
    public const int Iterations = 10_000;
    private readonly string _decoy;

    public SecretHasher() => _decoy = Hash(ClientCredentials.NewSecret());

    public string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Derive(secret, salt, Iterations, 32);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// True when the secret matches the stored hash. With no stored hash (an unknown client) or an unreadable one,
    /// the same derivation runs against the decoy and the answer is false.
    /// </summary>
    public bool Verify(string secret, string? stored)
    {
        var parsed = Parse(stored);
        var (iterations, salt, expected) = parsed ?? Parse(_decoy)!.Value;
        var actual = Derive(secret, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && parsed is not null;
    }

    private static (int Iterations, byte[] Salt, byte[] Hash)? Parse(string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations)) return null;
        try
        {
            return (iterations, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The key derivation itself; virtual so that a test can observe that it runs (never to replace it).</summary>
    protected virtual byte[] Derive(string secret, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, length);
}

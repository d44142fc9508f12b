using System.Security.Cryptography;
using System.Text;
using OnlineConsole.Core.Collectors;

namespace OnlineConsole.Alarms;

/// <summary>
/// One outside system that posts alarms: its token (kept only as a hash), its health on the Collectors page and
/// the rate limit of its "refused a body" log line.
/// </summary>
public sealed class AlarmSource
{
    /// <summary>One log line per source per this window; the others are counted into the next line.</summary>
    public static readonly TimeSpan LogWindow = TimeSpan.FromMinutes(1);

    private readonly byte[] _tokenHash;
    private readonly Lock _gate = new();
    private DateTimeOffset _lastLog = DateTimeOffset.MinValue;
    private int _unlogged;

    public AlarmSource(string name, string token, CollectorHealth health)
    {
        ArgumentNullException.ThrowIfNull(token);
        Name = name;
        Health = health;
        _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public string Name { get; }
    public CollectorHealth Health { get; }

    /// <summary>True when the Authorization header carries this source's bearer token; the comparison takes the same time whatever it holds.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        // Hashing first gives equal lengths, so the fixed-time comparison does not reveal the token's length either.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _tokenHash);
    }

    /// <summary>Whether a refused body may be logged now, and how many were refused unlogged before it.</summary>
    public bool MayLog(DateTimeOffset now, out int unlogged)
    {
        lock (_gate)
        {
            if (now - _lastLog < LogWindow)
            {
                _unlogged++;
                unlogged = 0;
                return false;
            }
            _lastLog = now;
            unlogged = _unlogged;
            _unlogged = 0;
            return true;
        }
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ModelOpt.Node.Endpoint;

namespace ModelOpt.Node.Dashboard;

/// <summary>A signed-in browser: its access, and the token its page must echo on every request that changes something.</summary>
public sealed record DashboardSession(Access Access, string Csrf, DateTimeOffset Expires);

/// <summary>
/// The dashboard's sign-ins: sessions opened by presenting a token (or a one-time link) and carried by an HttpOnly
/// cookie. Only SHA-256 hashes of session ids and link codes are kept. Both are bounded in number and lifetime, so no
/// amount of signing in grows memory without limit.
/// </summary>
public sealed class DashboardSessions(TimeProvider clock)
{
    public const string CookieName = "mopt_session";
    public const int MaxSessions = 10_000;
    public const int MaxLinks = 1_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, DashboardSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Access Access, DateTimeOffset Expires)> _links = new(StringComparer.Ordinal);

    public DashboardSessions() : this(TimeProvider.System) { }

    /// <summary>Opens a session; returns the id the cookie carries (never stored as such).</summary>
    public (string Id, DashboardSession Session) Open(Access access)
    {
        if (access == Access.None) throw new ArgumentException("a session needs access", nameof(access));
        Prune(_sessions, s => s.Expires, MaxSessions);
        var id = NewSecret();
        var session = new DashboardSession(access, NewSecret(), clock.GetUtcNow() + Lifetime);
        _sessions[Hash(id)] = session;
        return (id, session);
    }

    /// <summary>The live session for a cookie's id, or null.</summary>
    public DashboardSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128) return null;
        var key = Hash(id);
        if (!_sessions.TryGetValue(key, out var session)) return null;
        if (session.Expires > clock.GetUtcNow()) return session;
        _sessions.TryRemove(key, out _);
        return null;
    }

    public void Close(string? id)
    {
        if (!string.IsNullOrEmpty(id)) _sessions.TryRemove(Hash(id), out _);
    }

    /// <summary>A code for a one-time sign-in link (<c>/dashboard/signin?code=…</c>), valid once within <see cref="LinkLifetime"/>.</summary>
    public string CreateLink(Access access)
    {
        Prune(_links, l => l.Expires, MaxLinks);
        var code = NewSecret();
        _links[Hash(code)] = (access, clock.GetUtcNow() + LinkLifetime);
        return code;
    }

    /// <summary>The access a link grants, consuming it; <see cref="Access.None"/> for an unknown, used or expired code.</summary>
    public Access Redeem(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 128 || !_links.TryRemove(Hash(code), out var link)) return Access.None;
        return link.Expires > clock.GetUtcNow() ? link.Access : Access.None;
    }

    /// <summary>Whether <paramref name="presented"/> is the session's CSRF token (compared in constant time).</summary>
    public static bool IsCsrf(DashboardSession session, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(session.Csrf), Encoding.UTF8.GetBytes(presented));

    private void Prune<T>(ConcurrentDictionary<string, T> entries, Func<T, DateTimeOffset> expires, int max)
    {
        if (entries.Count < max) return;
        var now = clock.GetUtcNow();
        foreach (var (key, value) in entries)
            if (expires(value) <= now) entries.TryRemove(key, out _);
        // Still full of live entries: the ones closest to expiry make room.
        foreach (var (key, _) in entries.OrderBy(e => expires(e.Value)).Take(Math.Max(0, entries.Count - max + 1)).ToList())
            entries.TryRemove(key, out _);
    }

    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// The page's files, embedded in this assembly at build time (bundled from <c>Dashboard/web</c> by
/// <c>scripts/build-dashboard.sh</c>), served with an ETag and gzip-compressed when the browser accepts it. Nothing is
/// fetched from elsewhere at run time, so the dashboard works offline.
/// </summary>
public sealed class DashboardAssets
{
    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        const string prefix = "dashboard/";
        _assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[prefix.Length..], n => Asset.Load(assembly.GetManifestResourceStream(n)!, n));
    }

    public bool Contains(string name) => _assets.ContainsKey(name);

    public async Task WriteAsync(HttpContext context, string name)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.Headers.ETag = asset.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = asset.ContentType;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = 304;
            return;
        }
        var gzip = asset.Gzip is not null && context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip) context.Response.Headers.ContentEncoding = "gzip";
        context.Response.Headers.Vary = "Accept-Encoding";
        var body = gzip ? asset.Gzip! : asset.Bytes;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private sealed record Asset(byte[] Bytes, byte[]? Gzip, string ETag, string ContentType)
    {
        public static Asset Load(Stream stream, string name)
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var type = Path.GetExtension(name) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".html" => "text/html; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            return new Asset(bytes, bytes.Length > 1024 ? Compress(bytes) : null, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"", type);
        }

        private static byte[] Compress(byte[] bytes)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(bytes);
            return output.ToArray();
        }
    }
}

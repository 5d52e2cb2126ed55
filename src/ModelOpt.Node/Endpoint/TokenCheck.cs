using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Errors;
using ModelOpt.Node.Dashboard;

namespace ModelOpt.Node.Endpoint;

/// <summary>
/// Lets a request through only with a valid <c>Authorization: Bearer</c> token or a dashboard session cookie; a
/// read-only token or session only for GET. A request that changes something by a cookie must also come from the
/// dashboard's own origin and echo its session's CSRF token (a header no cross-site form can set), so another site
/// cannot act through a signed-in browser. Only the sign-in page and its assets are served without either. Refusals are
/// logged with the remote address, method and path — never the token.
/// </summary>
public sealed class TokenCheck(AccessTokens tokens, DashboardSessions sessions, ILogger logger)
{
    public const string CsrfHeader = "X-Mopt-Csrf";
    private const string Scheme = "Bearer ";
    private const string AccessKey = "mopt.access";
    private const string SessionKey = "mopt.session";

    public static Access AccessOf(HttpContext context) => context.Items.TryGetValue(AccessKey, out var a) && a is Access access ? access : Access.None;

    public static DashboardSession? SessionOf(HttpContext context) => context.Items.TryGetValue(SessionKey, out var s) ? s as DashboardSession : null;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        SecurityHeaders(context.Response);
        if (DashboardServer.IsPublic(context.Request))
        {
            await next();
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        DashboardSession? session = null;
        Access access;
        if (header.Length > 0) access = tokens.Check(header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null);
        else if (sessions.Find(context.Request.Cookies[DashboardSessions.CookieName]) is { } found)
        {
            session = found;
            access = found.Access;
        }
        else access = Access.None;

        var changes = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        if (access == Access.None)
        {
            Refuse(context, header.Length > 0 ? "invalid bearer token" : context.Request.Cookies.ContainsKey(DashboardSessions.CookieName) ? "expired or unknown session" : "no bearer token");
            if (!changes && IsPage(context.Request))
            {
                context.Response.Redirect(DashboardServer.SignInPath);
                return;
            }
            await EndpointRoutes.WriteErrorAsync(context, new CommandError(CommandErrorCodes.Unauthorized,
                "a valid bearer token is required (MOPT_TOKEN, --token-file or the mopt context file)"));
            return;
        }
        if (session is not null && changes && !(IsSameOrigin(context.Request) && DashboardSessions.IsCsrf(session, context.Request.Headers[CsrfHeader])))
        {
            Refuse(context, "cross-site request or missing CSRF token on a session");
            await EndpointRoutes.WriteErrorAsync(context, new CommandError(CommandErrorCodes.Forbidden,
                "cross-site request refused: changes through the dashboard must come from its own page"));
            return;
        }
        if (access == Access.ReadOnly && changes && !(session is not null && context.Request.Path.Equals(DashboardServer.SignOutPath, StringComparison.Ordinal)))
        {
            Refuse(context, "read-only token on a command that changes something");
            await EndpointRoutes.WriteErrorAsync(context, new CommandError(CommandErrorCodes.Forbidden,
                "this token is read-only: it may list, show and watch, not change anything"));
            return;
        }
        context.Items[AccessKey] = access;
        if (session is not null) context.Items[SessionKey] = session;
        await next();
    }

    /// <summary>
    /// Whether the browser says the request comes from this origin: <c>Sec-Fetch-Site</c> when sent (every current
    /// browser), else the <c>Origin</c> header against the request's own host; a request with neither is no browser's
    /// cross-site request. (Same-site is not enough: another port of the same host is another origin.)
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site is "same-origin" or "none";
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A browser navigating to a page (rather than a client calling the API): sent to sign in.</summary>
    private static bool IsPage(HttpRequest request) =>
        request.Path == "/" || request.Path.StartsWithSegments(DashboardServer.Root, StringComparison.Ordinal);

    private static void SecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                                        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private void Refuse(HttpContext context, string why) =>
        logger.LogWarning("Command endpoint refused {Method} {Path} from {Remote}: {Why}",
            context.Request.Method, context.Request.Path.Value, context.Connection.RemoteIpAddress, why);
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Errors;

namespace ModelOpt.Node.Endpoint;

/// <summary>
/// Lets a request through only with a valid <c>Authorization: Bearer</c> token; a read-only token only for GET.
/// Refusals are logged with the remote address, method and path — never the token.
/// </summary>
public sealed class TokenCheck(AccessTokens tokens, ILogger logger)
{
    private const string Scheme = "Bearer ";

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var access = tokens.Check(header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null);
        if (access == Access.None)
        {
            Refuse(context, header.Length == 0 ? "no bearer token" : "invalid bearer token");
            await EndpointRoutes.WriteErrorAsync(context, new CommandError(CommandErrorCodes.Unauthorized,
                "a valid bearer token is required (MOPT_TOKEN, --token-file or the mopt context file)"));
            return;
        }
        if (access == Access.ReadOnly && !HttpMethods.IsGet(context.Request.Method))
        {
            Refuse(context, "read-only token on a command that changes something");
            await EndpointRoutes.WriteErrorAsync(context, new CommandError(CommandErrorCodes.Forbidden,
                "this token is read-only: it may list, show and watch, not change anything"));
            return;
        }
        await next();
    }

    private void Refuse(HttpContext context, string why) =>
        logger.LogWarning("Command endpoint refused {Method} {Path} from {Remote}: {Why}",
            context.Request.Method, context.Request.Path.Value, context.Connection.RemoteIpAddress, why);
}

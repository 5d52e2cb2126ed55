using System.Net;

namespace ModelOpt.Node.Dashboard;

/// <summary>The sign-in page: a plain form (no script) that posts a token; the only page served without one.</summary>
public static class SignInPage
{
    public static string Render(string? error, string? hint) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Sign in · ModelOpt</title>
          <link rel="icon" href="/dashboard/assets/favicon.svg" type="image/svg+xml">
          <link rel="stylesheet" href="/dashboard/assets/signin.css">
        </head>
        <body>
          <form method="post" action="/dashboard/signin">
            <h1><span class="mark">M</span> ModelOpt</h1>
            <p>Sign in with a command endpoint token: a full token may stop trials and searches and drain workers; a read-only token sees everything and changes nothing.</p>
            {{(error is null ? "" : $"<div class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</div>")}}
            <label for="token">Token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" autofocus required maxlength="512">
            <button type="submit">Sign in</button>
            {{(hint is null ? "" : $"<p>{WebUtility.HtmlEncode(hint)}</p>")}}
          </form>
        </body>
        </html>
        """;
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ModelOpt.Client.Models;
using ModelOpt.Node.Dashboard;
using ModelOpt.Node.Endpoint;
using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>Who gets what from the dashboard, over real HTTP: nothing without a token or session, and no change from another origin.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardAccessTests(DashboardNode node)
{
    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard")]
    [InlineData("/")]
    [InlineData("/dashboard/assets/app.js")]
    public async Task Pages_send_a_browser_without_a_session_to_sign_in(string path)
    {
        using var http = DashboardNode.Http();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(DashboardServer.SignInPath, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/api/v1/dashboard/session")]
    [InlineData("/api/v1/dashboard/searches")]
    [InlineData("/api/v1/dashboard/searches/anything/live")]
    [InlineData("/api/v1/searches")]
    public async Task Data_needs_a_token_or_a_session(string path)
    {
        using var http = DashboardNode.Http();
        http.DefaultRequestHeaders.Add("Cookie", $"{DashboardSessions.CookieName}=made-up-session-id");

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Only_the_sign_in_page_and_its_stylesheet_are_public_and_every_answer_carries_a_strict_content_security_policy()
    {
        using var http = DashboardNode.Http();

        using var page = await http.GetAsync(DashboardServer.SignInPath);
        using var css = await http.GetAsync("/dashboard/assets/signin.css");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe", policy);
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_same_site_cookie_that_admits_the_page_with_the_tokens_access()
    {
        foreach (var (token, access) in new[] { (DashboardNode.FullToken, "full"), (DashboardNode.ReadOnlyToken, "read-only") })
        {
            var cookies = new CookieContainer();
            using var http = DashboardNode.Http(cookies);

            using var signIn = await SignInAsync(http, token);

            Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
            var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
            using var session = JsonDocument.Parse(await http.GetStringAsync("/api/v1/dashboard/session"));
            Assert.Equal(access, session.RootElement.GetProperty("access").GetString());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard/")).StatusCode);
        }
    }

    [Fact]
    public async Task A_wrong_token_opens_no_session()
    {
        using var http = DashboardNode.Http();

        using var response = await SignInAsync(http, "not-the-token");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_sign_in_form_posted_from_another_origin_is_refused()
    {
        using var http = DashboardNode.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, DashboardServer.SignInPath)
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("token", DashboardNode.FullToken)]),
        };
        request.Headers.Add("Origin", "http://127.0.0.1:22001");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_change_through_a_session_needs_its_csrf_token_and_the_dashboards_origin()
    {
        var searches = await node.SearchesAsync();
        var cookies = new CookieContainer();
        using var http = DashboardNode.Http(cookies);
        using (await SignInAsync(http, DashboardNode.FullToken)) { }
        using var session = JsonDocument.Parse(await http.GetStringAsync("/api/v1/dashboard/session"));
        var csrf = session.RootElement.GetProperty("csrf").GetString()!;
        var stop = $"/api/v1/searches/{searches.Live}/stop";

        using var withoutToken = await http.PostAsync(stop, null);
        using var otherOrigin = await PostAsync(http, stop, csrf, origin: "http://127.0.0.1:22001", site: "same-site");
        using var wrongToken = await PostAsync(http, stop, "forged", origin: DashboardNode.Url.ToString().TrimEnd('/'), site: "same-origin");

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(SearchStatus.Running, (await node.Api.GetSearchAsync(searches.Live)).Status);
    }

    [Fact]
    public async Task A_one_time_sign_in_link_works_once()
    {
        var link = new Uri(node.Dashboard.SignInLink(DashboardNode.Url, Access.Full));
        using var first = DashboardNode.Http();
        using var second = DashboardNode.Http();

        using var used = await first.GetAsync(link.PathAndQuery);
        using var reused = await second.GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.SeeOther, used.StatusCode);
        Assert.Contains("httponly", Assert.Single(used.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.False(reused.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Bearer_clients_need_no_csrf_token_but_a_read_only_token_changes_nothing()
    {
        var searches = await node.SearchesAsync();
        using var http = DashboardNode.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardNode.ReadOnlyToken);

        using var read = await http.GetAsync($"/api/v1/dashboard/searches/{searches.Finished}");
        using var stop = await http.PostAsync($"/api/v1/searches/{searches.Live}/stop", null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
    }

    [Fact]
    public async Task The_live_stream_sends_the_search_then_only_what_changed()
    {
        var searches = await node.SearchesAsync();
        using var http = DashboardNode.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardNode.ReadOnlyToken);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        using var response = await http.GetAsync($"/api/v1/dashboard/searches/{searches.Live}/live", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var first = await NextUpdateAsync(reader, cancel.Token);
        var second = await NextUpdateAsync(reader, cancel.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Full);
        Assert.False(second.Full);
        Assert.True(second.Version > first.Version);
        Assert.True(second.Trials < first.Trials || first.Trials <= 2, $"an update carries the changed trials only ({second.Trials} of {first.Trials})");
    }

    private static async Task<(long Version, bool Full, int Trials)> NextUpdateAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            using var json = JsonDocument.Parse(line["data: ".Length..]);
            var root = json.RootElement;
            return (root.GetProperty("version").GetInt64(), root.GetProperty("full").GetBoolean(), root.GetProperty("trials").GetArrayLength());
        }
        throw new EndOfStreamException("the stream ended");
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string token) =>
        http.PostAsync(DashboardServer.SignInPath, new FormUrlEncodedContent([KeyValuePair.Create("token", token)]));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string csrf, string origin, string site)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add(TokenCheck.CsrfHeader, csrf);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Sec-Fetch-Site", site);
        return http.SendAsync(request);
    }
}
